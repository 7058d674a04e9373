// The builtin backend (ARCHITECTURE §6): offline, plans from the
// repository's structure and audits with real parsers and rules.

import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Component, EngineBackend, ThreatProfile } from './types';
import { auditSource } from './audit/audit-source';
import { ruleSelected, type RuleId } from './audit/rules';
import { planSnapshot } from './plan';
import { MAX_FILE_BYTES } from './planner/inspect';
import { Pacer } from './planner/pace';

type AuditHooks = Parameters<EngineBackend['audit']>[3];

export const builtinBackend: EngineBackend = {
  name: 'builtin',
  version: '16.0.0-builtin.1',
  plan: planSnapshot,
  audit: auditComponent,
};

async function auditComponent(root: string, component: Component, profile: ThreatProfile, hooks: AuditHooks): Promise<void> {
  const realRoot = await realpath(root);
  // Read once up front: the analyzers follow calls into other modules of the component.
  const texts = new Map<string, string | Error>();
  const pacer = new Pacer();
  for (const file of component.files) {
    // Reads are synchronous (planner/pace.ts): other work runs between slices of them.
    await pacer.pace();
    try {
      texts.set(file, readInsideSync(realRoot, file));
    } catch (err) {
      texts.set(file, err as Error);
    }
  }
  const readModule = (file: string) => {
    const text = texts.get(file);
    return typeof text === 'string' ? text : undefined;
  };
  for (const file of component.files) {
    if (await hooks.isCancelled()) return;
    // The engine may share the web server's event loop: let other work run every few milliseconds.
    await pacer.pace();
    const text = texts.get(file)!;
    if (text instanceof Error) {
      await hooks.log('warn', `${file}: not audited (${text.message})`);
      continue;
    }
    const result = await auditSource(file, text, readModule).catch((err: unknown) => err as Error);
    if (result instanceof Error) {
      await hooks.log('warn', `${file}: analysis failed (${result.message}); no findings for this file`);
      continue;
    }
    const [firstError] = result.parseErrors;
    if (firstError) {
      await hooks.log('warn', `${file}: syntax error at line ${firstError.line} (${firstError.message}); findings for this file may be incomplete`);
    }
    const fileSha256 = createHash('sha256').update(text, 'utf8').digest('hex');
    for (const finding of result.findings) {
      if (!ruleSelected(finding.ruleId as RuleId, profile)) continue;
      await hooks.finding(finding.path === file ? { ...finding, fileSha256 } : finding);
    }
  }
}

/**
 * Plans can be edited by people (plan review), so a listed file is read
 * only if it really is a regular file inside the snapshot: no `..`, no
 * symlink anywhere on the way out, nothing the planner would have skipped
 * for size.
 */
export async function readInside(realRoot: string, file: string): Promise<string> {
  return readInsideSync(realRoot, file);
}

export function readInsideSync(realRoot: string, file: string): string {
  const full = path.resolve(realRoot, file);
  const real = realpathSync.native(full);
  if (real !== full || !real.startsWith(realRoot + path.sep)) throw new Error('outside the snapshot or through a symbolic link');
  const stat = lstatSync(real);
  if (!stat.isFile()) throw new Error('not a regular file');
  if (stat.size > MAX_FILE_BYTES) throw new Error('larger than 1 MB');
  return readFileSync(real, 'utf8');
}
