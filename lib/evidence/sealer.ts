import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import type { Sql } from '../db/client';
import { putArtifact } from '../artifacts/store';
import { appendEvent } from '../events/append';
import { workDir } from '../storage';
import { sha256Of } from '../storage/sha256';
import { collectEnvelope } from './collect';
import { sealEnvelope } from './seal';

export const SCANS_ENDED_CHANNEL = 'vega_scans_ended';
const TERMINAL = ['completed', 'failed', 'cancelled'];

export type SealOutcome = 'sealed' | 'already_sealed' | 'not_finished' | 'failed';

/**
 * Seals one finished scan: gathers its record, chains and (with a key) signs
 * it, stores the exact JSON text, and appends `evidence_sealed` (the stream's
 * `run_finalized` with `evidence_id`). One sealer wins per scan (row lock);
 * a failure is recorded with its reason and an `evidence_failed` event, and
 * retried by the sweep.
 */
export async function sealScan(sql: Sql, scanId: string, key: KeyObject | null): Promise<SealOutcome> {
  const result = await sql.begin(async (t) => {
    const tx = t as unknown as Sql;
    const [scan] = await tx<{ id: string; repository_id: string; attempt: number; status: string }[]>`
      select id, repository_id, attempt, status from scans where id = ${scanId}`;
    if (!scan || !TERMINAL.includes(scan.status)) return { outcome: 'not_finished' as const };
    await tx`insert into evidence (scan_id) values (${scanId}) on conflict do nothing`;
    const [row] = await tx<{ evidence_id: string; envelope_json: string | null; attempts: number }[]>`
      select evidence_id, envelope_json, attempts from evidence where scan_id = ${scanId} for update`;
    if (row.envelope_json) return { outcome: 'already_sealed' as const };
    const ref = { id: scan.id, repositoryId: scan.repository_id, attempt: scan.attempt };
    try {
      const envelope = sealEnvelope(await collectEnvelope(tx, scanId, row.evidence_id, new Date()), key);
      const json = JSON.stringify(envelope);
      await tx`
        update evidence set envelope_json = ${json}, head = ${envelope.integrity.head}, signed = ${!!envelope.integrity.signature},
          sealed_at = ${envelope.sealed_at}, error = null, attempts = attempts + 1, updated_at = now()
        where scan_id = ${scanId}`;
      await appendEvent(tx, ref, 'evidence_sealed', { evidence_id: row.evidence_id, head: envelope.integrity.head, signed: !!envelope.integrity.signature, status: scan.status });
      return { outcome: 'sealed' as const, json };
    } catch (err) {
      const error = `sealing failed: ${err instanceof Error ? err.message : String(err)}`;
      await tx`update evidence set error = ${error}, attempts = attempts + 1, updated_at = now() where scan_id = ${scanId}`;
      // Said once on the stream; the sweep keeps retrying and the scan page shows the latest reason.
      if (row.attempts === 0) await appendEvent(tx, ref, 'evidence_failed', { error, status: scan.status });
      return { outcome: 'failed' as const };
    }
  });
  if (result.outcome === 'sealed') await storeEnvelopeArtifact(scanId, result.json);
  return result.outcome;
}

/** The envelope is also the artifact `evidence.json` (the same bytes as stored). */
async function storeEnvelopeArtifact(scanId: string, json: string) {
  const dir = await mkdtemp(path.join(workDir(), 'evidence-'));
  try {
    const file = path.join(dir, 'evidence.json');
    await writeFile(file, json);
    await putArtifact(scanId, 'evidence.json', file, await sha256Of(file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Finished scans still without an envelope (never sealed, or sealing failed), oldest first. */
export async function unsealedScans(sql: Sql, limit = 50): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select s.id from scans s left join evidence e on e.scan_id = s.id
    where s.status in ('completed', 'failed', 'cancelled') and e.envelope_json is null and (e.attempts is null or e.attempts < 20)
    order by s.finished_at nulls first limit ${limit}`;
  return rows.map((r) => r.id);
}

/**
 * The web process's sealer: seals a scan as soon as it ends (NOTIFY from the
 * scans table's trigger) and sweeps for any it missed (a crash, an outage).
 */
export class Sealer {
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private busy = new Set<string>();
  /** Seals run one at a time: a burst of endings (a drained queue) must not take every pooled connection. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly o: { sql: Sql; key: KeyObject | null; log: Logger; sweepMs?: number }) {}

  async start() {
    const l = await this.o.sql.listen(SCANS_ENDED_CHANNEL, (id) => void this.seal(id), () => void this.sweep());
    this.unlisten = l.unlisten;
    this.timer = setInterval(() => void this.sweep(), this.o.sweepMs ?? 10_000);
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    await this.unlisten?.().catch(() => {});
  }

  private seal(scanId: string): Promise<void> {
    if (this.busy.has(scanId)) return this.chain;
    this.busy.add(scanId);
    this.chain = this.chain.then(() => this.sealNow(scanId));
    return this.chain;
  }

  private async sealNow(scanId: string) {
    try {
      const outcome = await sealScan(this.o.sql, scanId, this.o.key);
      if (outcome === 'failed') this.o.log.error({ scan_id: scanId }, 'evidence sealing failed; will retry');
    } catch (err) {
      this.o.log.warn({ err, scan_id: scanId }, 'evidence sealing interrupted; will retry');
    } finally {
      this.busy.delete(scanId);
    }
  }

  private async sweep() {
    try {
      for (const id of await unsealedScans(this.o.sql)) await this.seal(id);
    } catch (err) {
      this.o.log.warn({ err }, 'evidence sweep failed');
    }
  }
}
