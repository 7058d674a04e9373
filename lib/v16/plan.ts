// The builtin planner: snapshot → ranked components (ARCHITECTURE §6).

import { resolveAppKind } from './app-kind';
import type { Plan, ThreatProfile } from './types';
import { groupComponents, type IncludedFile } from './planner/components';
import { inspectFile, type Inspection } from './planner/inspect';
import { fileSignals, rankComponents, type FileSignals } from './planner/rank';
import { Pacer } from './planner/pace';
import { walkSnapshot, type WalkedFile } from './planner/walk';

export async function planSnapshot(root: string, profile: ThreatProfile): Promise<Plan> {
  const { files, skipped } = await walkSnapshot(root);
  const inspections = await inspectAll(root, files);
  const included: IncludedFile[] = [];
  const signals = new Map<string, FileSignals>();
  files.forEach((file, i) => {
    const inspection = inspections[i];
    if (inspection.include) {
      included.push(file);
      signals.set(file.path, fileSignals(file.path, inspection.head));
    } else {
      skipped.push({ path: file.path, reason: inspection.reason });
    }
  });
  const groups = groupComponents(
    included,
    files.map((f) => f.path),
  );
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { components: rankComponents(groups, signals, profile), skipped, inputs: resolveAppKind(root, profile) };
}

async function inspectAll(root: string, files: readonly WalkedFile[]): Promise<Inspection[]> {
  const pacer = new Pacer();
  const results: Inspection[] = [];
  for (const file of files) {
    await pacer.pace();
    results.push(inspectFile(root, file));
  }
  return results;
}
