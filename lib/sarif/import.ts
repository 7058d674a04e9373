import { eq } from 'drizzle-orm';
import { ApiError } from '../api/errors';
import { getDb, type Db } from '../db/client';
import { scans, type Repository } from '../db/schema';
import { headRevision } from '../revisions/queries';
import { newEvent } from '../events/contract';
import { ingestBatch } from '../ingest/ingest-batch';
import { claimScanById } from '../scans/claim';
import { ACTIVE, transition } from '../scans/lifecycle';
import { SEVERITIES, type Severity, type V16Event } from '../v16/types';
import { findingsFromSarif, sarifLogSchema } from './parse';
import { errorMessage } from '../log/error-message';

import { SARIF_IMPORT_ENGINE } from '../scans/engines';

export { SARIF_IMPORT_ENGINE };
const BATCH = 500;
/** The import holds its scan while it writes; each batch renews the lease (VEGA_SCAN_LEASE_SECONDS). */
const IMPORT_LEASE_SECONDS = 300;
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
 * engine "sarif-import": the scan is created and claimed by the import in one
 * transaction (no worker ever sees it queued), its results go through the
 * same ingest as an engine's findings (upserted by fingerprint, recorded per
 * scan, events in the log), and it completes at once. An import that fails
 * on the way fails its scan through the lifecycle, with the event that says
 * why, so a live stream of it sees it end.
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
  repo: Repository,
  runs: ReturnType<typeof parseSarifText>,
  opts: { userId: string | null; leaseSeconds: number },
  db: Db = getDb(),
) {
  const scanRow = await db.transaction(async (tx) => {
    // Attached to the head of the default branch, whose finding state the import feeds.
    const snapshot = await headRevision(repo, tx);
    if (!snapshot) throw new ApiError('no_snapshot', 409, 'the repository has no snapshot to attach the import to');
    const [created] = await tx
      .insert(scans)
      .values({ repositoryId: repo.id, teamId: repo.teamId, snapshotId: snapshot.id, ref: snapshot.ref, commitSha: snapshot.commitSha, engine: SARIF_IMPORT_ENGINE, createdBy: opts.userId })
      .returning({ id: scans.id });
    const claimed = await claimScanById({ scanId: created.id, workerId: SARIF_IMPORT_ENGINE, leaseSeconds: IMPORT_LEASE_SECONDS }, tx);
    if (!claimed) throw new Error(`the import's own scan ${created.id} could not be claimed`);
    return claimed;
  });
  const scanId = scanRow.id;
  const ts = () => new Date().toISOString();
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const paths = new Set<string>();
  for (const r of runs) {
    for (const f of r.findings) {
      counts[f.severity]++;
      paths.add(f.path);
    }
  }
  const total = runs.reduce((n, r) => n + r.findings.length, 0);
  // Several runs of one tool in one file are one result set: complete only if each of them is.
  const incomplete = new Map(runs.filter((r) => !r.complete).map((r) => [r.tool.name, r.incomplete ?? 'incomplete run']));
  const covered = [...new Set(runs.map((r) => r.tool.name))].filter((name) => !incomplete.has(name)).map((name) => `sarif:${name}`);
  let seq = 0;
  const send = async (events: V16Event[], tool?: string, fixesTools?: string[]) => {
    const res = await ingestBatch({ scanId, attempt: scanRow.attempt, events, leaseSeconds: opts.leaseSeconds, batchSeq: ++seq, tool, fixesTools }, db);
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
        summary: { components: 0, files: paths.size, bytes: 0, findings: counts, skippedFiles: 0, durationMs: Date.now() - scanRow.createdAt.getTime() },
      },
    ], undefined, covered);
  } catch (err) {
    const error = `SARIF import failed: ${errorMessage(err)}`;
    await transition({ scan: scanId, attempt: scanRow.attempt, from: ACTIVE, to: 'failed', set: { error }, by: SARIF_IMPORT_ENGINE, events: [newEvent('scan_failed', { error })] }, db);
    throw err;
  }
  const [done] = await db.select().from(scans).where(eq(scans.id, scanId));
  return { scan: done, results: total };
}
