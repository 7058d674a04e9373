import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { getDb, listen } from '../db/client';
import { CHANNELS } from '../db/channels';
import { evidence, scans } from '../db/schema';
import { putArtifact } from '../artifacts/store';
import { appendEvents } from '../events/append';
import { newEvent } from '../events/contract';
import { isTerminal, TERMINAL } from '../scans/lifecycle';
import { workDir } from '../storage';
import { sha256Of } from '../storage/sha256';
import { collectEnvelope } from './collect';
import { sealEnvelope } from './seal';
import { errorMessage } from '../log/error-message';

export type SealOutcome = 'sealed' | 'already_sealed' | 'not_finished' | 'failed';

/**
 * Seals one finished scan: gathers its record, chains and (with a key) signs
 * it, stores the exact JSON text, and appends `evidence_sealed` (the stream's
 * `run_finalized` with `evidence_id`). One sealer wins per scan (row lock);
 * a failure is recorded with its reason and an `evidence_failed` event, and
 * retried by the sweep.
 */
export async function sealScan(scanId: string, key: KeyObject | null): Promise<SealOutcome> {
  const result = await getDb().transaction(async (tx) => {
    const [scan] = await tx.select({ id: scans.id, status: scans.status }).from(scans).where(eq(scans.id, scanId));
    if (!scan || !isTerminal(scan.status)) return { outcome: 'not_finished' as const };
    const status = scan.status;
    // Pipelined in this order: the row exists, then it is locked (one sealer wins).
    const [, [row]] = await Promise.all([
      tx.insert(evidence).values({ scanId }).onConflictDoNothing(),
      tx
        .select({ evidenceId: evidence.evidenceId, envelopeJson: evidence.envelopeJson, attempts: evidence.attempts })
        .from(evidence)
        .where(eq(evidence.scanId, scanId))
        .for('update'),
    ]);
    if (row.envelopeJson) return { outcome: 'already_sealed' as const };
    try {
      const envelope = sealEnvelope(await collectEnvelope(scanId, row.evidenceId, new Date(), tx), key);
      const json = JSON.stringify(envelope);
      const signed = !!envelope.integrity.signature;
      await Promise.all([
        tx
          .update(evidence)
          .set({ envelopeJson: json, head: envelope.integrity.head, signed, sealedAt: new Date(envelope.sealed_at), error: null, attempts: sql`${evidence.attempts} + 1`, updatedAt: sql`now()` })
          .where(eq(evidence.scanId, scanId)),
        appendEvents(scanId, [newEvent('evidence_sealed', { evidence_id: row.evidenceId, head: envelope.integrity.head, signed, status })], tx),
      ]);
      return { outcome: 'sealed' as const, json };
    } catch (err) {
      const error = `sealing failed: ${errorMessage(err)}`;
      await tx.update(evidence).set({ error, attempts: sql`${evidence.attempts} + 1`, updatedAt: sql`now()` }).where(eq(evidence.scanId, scanId));
      // Said once on the stream; the sweep keeps retrying and the scan page shows the latest reason.
      if (row.attempts === 0) await appendEvents(scanId, [newEvent('evidence_failed', { error, status })], tx);
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
export async function unsealedScans(limit = 50): Promise<string[]> {
  const rows = await getDb()
    .select({ id: scans.id })
    .from(scans)
    .leftJoin(evidence, eq(evidence.scanId, scans.id))
    .where(and(inArray(scans.status, TERMINAL), isNull(evidence.envelopeJson), or(isNull(evidence.attempts), lt(evidence.attempts, 20))))
    .orderBy(sql`${scans.finishedAt} asc nulls first`)
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * The web process's sealer: seals a scan as soon as it ends (NOTIFY from the
 * scans table's trigger) and sweeps for any it missed (a crash, an outage).
 */
export class Sealer {
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  /** Scans waiting or being sealed, each once. */
  private busy = new Set<string>();
  /** Waiting, oldest ending first. */
  private waiting: string[] = [];
  private running = 0;

  constructor(private readonly o: { key: KeyObject | null; log: Logger; sweepMs?: number }) {}

  async start() {
    this.unlisten = await listen(CHANNELS.scansEnded, (id) => void this.seal(id), () => void this.sweep());
    this.timer = setInterval(() => void this.sweep(), this.o.sweepMs ?? 10_000);
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    await this.unlisten?.().catch(() => {});
  }

  private seal(scanId: string): void {
    if (this.busy.has(scanId)) return;
    this.busy.add(scanId);
    this.waiting.push(scanId);
    this.next();
  }

  /**
   * A few seals at once (SEALS_AT_ONCE): a burst of endings (a drained
   * queue) is sealed several times faster than one by one, and still leaves
   * most of the pool's connections to requests.
   */
  private next() {
    while (this.running < SEALS_AT_ONCE && this.waiting.length > 0) {
      const scanId = this.waiting.shift()!;
      this.running++;
      void this.sealNow(scanId).finally(() => {
        this.running--;
        this.next();
      });
    }
  }

  private async sealNow(scanId: string) {
    try {
      const outcome = await sealScan(scanId, this.o.key);
      if (outcome === 'failed') this.o.log.error({ scan_id: scanId }, 'evidence sealing failed; will retry');
    } catch (err) {
      this.o.log.warn({ err, scan_id: scanId }, 'evidence sealing interrupted; will retry');
    } finally {
      this.busy.delete(scanId);
    }
  }

  private async sweep() {
    try {
      for (const id of await unsealedScans()) this.seal(id);
    } catch (err) {
      this.o.log.warn({ err }, 'evidence sweep failed');
    }
  }
}

/** Of the web process's 10 pooled connections (lib/db/client.ts), at most this many seal at once. */
const SEALS_AT_ONCE = 3;
