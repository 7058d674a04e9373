import { ApiError } from '../api/errors';
import type { Sql } from '../db/client';
import type { Repository } from '../db/schema';
import { ingestBatch } from '../ingest/ingest-batch';
import { toScan, type ScanRow } from '../scans/row';
import { SEVERITIES, type Severity, type V16Event } from '../v16/types';
import { findingsFromSarif, sarifLogSchema } from './parse';

export const SARIF_IMPORT_ENGINE = 'sarif-import';
const BATCH = 500;
const MAX_RESULTS = 50_000;

/** Parses an uploaded SARIF document: 400 naming what is wrong when it is not SARIF 2.1.0. */
export function parseSarifText(body: string) {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ApiError('invalid_sarif', 400, 'the body is not JSON: send a SARIF 2.1.0 file');
  }
  const parsed = sarifLogSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError('invalid_sarif', 400, `not a SARIF 2.1.0 log: ${issue.path.join('.') || 'document'}: ${issue.message}`);
  }
  const runs = findingsFromSarif(parsed.data);
  const total = runs.reduce((n, r) => n + r.findings.length, 0);
  if (total > MAX_RESULTS) throw new ApiError('invalid_sarif', 400, `${total} results; at most ${MAX_RESULTS} can be imported at once`);
  return runs;
}

/**
 * Imports a SARIF log as a scan of the repository's latest snapshot with
 * engine "sarif-import": the scan is created already claimed (no worker
 * touches it), its results go through the same ingest as an engine's
 * findings (upserted by fingerprint, recorded per scan, events in the log),
 * and it completes at once.
 *
 * Coverage: a tool's complete runs in the file (a results array, no failed
 * invocation) are its whole result set for the repository, as in GitHub code
 * scanning. When the import completes, that tool's open and confirmed
 * findings it no longer reports become fixed by this scan (and come back
 * open when a later import reports them again); the engine's findings and
 * other tools' are not touched, and a tool with an incomplete run in the
 * file fixes nothing.
 */
export async function importSarif(
  sql: Sql,
  repo: Repository,
  runs: ReturnType<typeof parseSarifText>,
  opts: { userId: string | null; leaseSeconds: number },
) {
  const [scanRow] = await sql<ScanRow[]>`
    insert into scans (repository_id, team_id, snapshot_id, status, engine, attempt, claimed_at, claimed_by, lease_expires_at, heartbeat_at, created_by)
    select ${repo.id}, ${repo.teamId}, sn.id, 'claimed', ${SARIF_IMPORT_ENGINE}, 1, now(), 'sarif-import', now() + interval '5 minutes', now(), ${opts.userId}
    from snapshots sn where sn.repository_id = ${repo.id}
    order by sn.created_at desc limit 1
    returning *`;
  if (!scanRow) throw new ApiError('no_snapshot', 409, 'the repository has no snapshot to attach the import to');
  const scanId = scanRow.id;
  const ts = () => new Date().toISOString();
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const paths = new Set<string>();
  for (const r of runs) for (const f of r.findings) (counts[f.severity]++, paths.add(f.path));
  const total = runs.reduce((n, r) => n + r.findings.length, 0);
  // Several runs of one tool in one file are one result set: complete only if each of them is.
  const incomplete = new Map(runs.filter((r) => !r.complete).map((r) => [r.tool.name, r.incomplete ?? 'incomplete run']));
  const covered = [...new Set(runs.map((r) => r.tool.name))].filter((name) => !incomplete.has(name)).map((name) => `sarif:${name}`);
  let seq = 0;
  const send = async (events: V16Event[], tool?: string, fixesTools?: string[]) => {
    const res = await ingestBatch(sql, { scanId, attempt: 1, events, leaseSeconds: opts.leaseSeconds, batchSeq: ++seq, tool, fixesTools });
    if (!res.accepted) throw new Error(`import batch refused: ${res.reason}`);
  };
  try {
    await send([
      { type: 'scan_started', ts: ts(), engine: { name: SARIF_IMPORT_ENGINE, version: '2.1.0' }, files: paths.size },
      ...runs.map((r): V16Event => ({ type: 'scan_log', ts: ts(), level: 'info', message: `importing ${r.findings.length} result${r.findings.length === 1 ? '' : 's'} from ${r.tool.name}${r.tool.version ? ` ${r.tool.version}` : ''}` })),
      ...[...incomplete].map(([name, why]): V16Event => ({ type: 'scan_log', ts: ts(), level: 'warn', message: `${name}: ${why}, so this import marks none of its findings fixed` })),
    ]);
    for (const [i, run] of runs.entries()) {
      for (let at = 0; at < run.findings.length; at += BATCH) {
        const chunk = run.findings.slice(at, at + BATCH);
        await send(
          [
            ...chunk.map((finding): V16Event => ({ type: 'finding_updated', ts: ts(), step_id: `import:${i}`, finding })),
            { type: 'scan_progress', ts: ts(), done: Math.min(at + BATCH, run.findings.length), total: run.findings.length, message: `${run.tool.name}: ${Math.min(at + BATCH, run.findings.length)} of ${run.findings.length} results` },
          ],
          `sarif:${run.tool.name}`,
        );
      }
    }
    await send([
      {
        type: 'scan_completed',
        ts: ts(),
        summary: { components: 0, files: paths.size, bytes: 0, findings: counts, skippedFiles: 0, durationMs: Date.now() - scanRow.created_at.getTime() },
      },
    ], undefined, covered);
  } catch (err) {
    await sql`update scans set status = 'failed', error = ${'SARIF import failed: ' + (err instanceof Error ? err.message : String(err))}, finished_at = now(), lease_expires_at = null
              where id = ${scanId} and status in ('claimed', 'running')`;
    throw err;
  }
  const [done] = await sql<ScanRow[]>`select * from scans where id = ${scanId}`;
  return { scan: toScan(done), results: total };
}
