import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import yazl from 'yazl';
import type { EngineFinding, Plan, ScanSummary } from '../v16/types';

export interface RunRecord {
  scanId: string;
  attempt: number;
  outcome: string;
  engine: { name: string; version: string } | null;
  snapshotKey: string | null;
  startedAt: string;
  finishedAt: string;
  timingsMs: { materialize: number; engine: number; total: number };
  events: number;
  summary: ScanSummary | null;
  plan: Plan | null;
  findings: EngineFinding[];
  logs: string[];
}

/**
 * The scan's artifacts, per the seeds: the raw engine stream
 * (v16-events.jsonl, written as it happens), runner-summary.json (metadata
 * and timings), v16-report.json (structured findings) and
 * v16-debug-bundle.zip (all of it plus the plan and the runner's log).
 */
export async function writeRunArtifacts(dir: string, r: RunRecord) {
  const summary = {
    scan_id: r.scanId,
    attempt: r.attempt,
    outcome: r.outcome,
    engine: r.engine,
    snapshot_key: r.snapshotKey,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
    timings_ms: r.timingsMs,
    events: r.events,
    findings: r.findings.length,
    summary: r.summary,
  };
  const report = {
    scan_id: r.scanId,
    attempt: r.attempt,
    outcome: r.outcome,
    generated_at: r.finishedAt,
    summary: r.summary,
    findings: r.findings,
  };
  await writeFile(path.join(dir, 'runner-summary.json'), JSON.stringify(summary, null, 2));
  await writeFile(path.join(dir, 'v16-report.json'), JSON.stringify(report, null, 2));

  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(summary, null, 2)), 'runner-summary.json');
  zip.addBuffer(Buffer.from(JSON.stringify(r.plan, null, 2)), 'plan.json');
  zip.addBuffer(Buffer.from(r.logs.join('\n') + '\n'), 'runner.log');
  zip.addBuffer(await readFile(path.join(dir, 'v16-events.jsonl')).catch(() => Buffer.alloc(0)), 'v16-events.jsonl');
  zip.end();
  const out = createWriteStream(path.join(dir, 'v16-debug-bundle.zip'));
  zip.outputStream.pipe(out);
  await once(out, 'close');
}
