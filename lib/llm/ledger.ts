import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { llmScanBudgets, scans } from '../db/schema';
import { ACTIVE } from '../scans/lifecycle';
import type { LlmTokenClaims } from './token';

// The per-scan LLM ledger (llm_scan_budgets) and its request rows (llm_usage).
// reserve → forward → settle: a request reserves its worst case before it is
// forwarded, in one conditional UPDATE that only succeeds if used + reserved
// + this request still fits both limits. Row-level locking makes parallel
// reservations queue on the scan's row, so the sum of what is reserved and
// used never passes the limit; only an underestimated prompt can make actual
// usage exceed it, and then by at most one request.

export interface ActiveScan {
  scanId: string;
  repositoryId: string;
}

/** The scan a token belongs to, if that attempt still holds it and it has not ended. */
export async function activeScanOf(claims: LlmTokenClaims, db: DbOrTx = getDb()): Promise<ActiveScan | null> {
  const [row] = await db
    .select({ scanId: scans.id, repositoryId: scans.repositoryId })
    .from(scans)
    .where(and(eq(scans.id, claims.scanId), eq(scans.attempt, claims.attempt), inArray(scans.status, ACTIVE)));
  return row ?? null;
}

/** Creates the scan's ledger on its first call, with the repository's limits or the defaults. */
export async function ensureLedger(scanId: string, defaults: { tokens: number; usdMicros: number }, db: DbOrTx = getDb()) {
  await db.execute(sql`
    insert into llm_scan_budgets (scan_id, max_tokens, max_usd_micros)
    select s.id, coalesce(b.max_tokens, ${defaults.tokens}), coalesce(b.max_usd_micros, ${defaults.usdMicros})
    from scans s left join llm_budgets b on b.repository_id = s.repository_id
    where s.id = ${scanId}
    on conflict (scan_id) do nothing`);
}

export interface Reservation {
  scanId: string;
  component: string | null;
  endpoint: string;
  model: string | null;
  streamed: boolean;
  tokens: number;
  usdMicros: number;
}

export interface LedgerState {
  maxTokens: number;
  maxUsdMicros: number;
  usedTokens: number;
  usedUsdMicros: number;
  reservedTokens: number;
  reservedUsdMicros: number;
}

/** Reserves the request's worst case; returns its usage row id, or the ledger as it stood when it did not fit. */
export async function reserve(r: Reservation, db: DbOrTx = getDb()): Promise<{ usageId: number } | { refused: LedgerState }> {
  const [row] = await db.execute<{ id: string }>(sql`
    with reserved as (
      update llm_scan_budgets
      set reserved_tokens = reserved_tokens + ${r.tokens}, reserved_usd_micros = reserved_usd_micros + ${r.usdMicros}
      where scan_id = ${r.scanId}
        and used_tokens + reserved_tokens + ${r.tokens} <= max_tokens
        and used_usd_micros + reserved_usd_micros + ${r.usdMicros} <= max_usd_micros
      returning scan_id
    )
    insert into llm_usage (scan_id, component, endpoint, model, streamed, reserved_tokens, reserved_usd_micros)
    select scan_id, ${r.component}, ${r.endpoint}, ${r.model}, ${r.streamed}, ${r.tokens}, ${r.usdMicros} from reserved
    returning id`);
  if (row) return { usageId: Number(row.id) };
  const [refused] = await db
    .update(llmScanBudgets)
    .set({ refusedRequests: sql`${llmScanBudgets.refusedRequests} + 1` })
    .where(eq(llmScanBudgets.scanId, r.scanId))
    .returning({
      maxTokens: llmScanBudgets.maxTokens,
      maxUsdMicros: llmScanBudgets.maxUsdMicros,
      usedTokens: llmScanBudgets.usedTokens,
      usedUsdMicros: llmScanBudgets.usedUsdMicros,
      reservedTokens: llmScanBudgets.reservedTokens,
      reservedUsdMicros: llmScanBudgets.reservedUsdMicros,
    });
  return { refused };
}

export interface Settlement {
  status: 'ok' | 'refused' | 'error';
  httpStatus: number | null;
  inputTokens: number;
  outputTokens: number;
  usdMicros: number;
  estimated: boolean;
}

/**
 * Records what a request really used and gives back the rest of its
 * reservation, in one statement; a request is settled once (compare-and-set
 * on its pending status), however many ways its stream ends.
 */
export async function settle(usageId: number, s: Settlement, db: DbOrTx = getDb()) {
  await db.execute(sql`
    with done as (
      update llm_usage
      set status = ${s.status}, http_status = ${s.httpStatus}, input_tokens = ${s.inputTokens}, output_tokens = ${s.outputTokens},
          usd_micros = ${s.usdMicros}, usage_estimated = ${s.estimated}, finished_at = now()
      where id = ${usageId} and status = 'pending'
      returning scan_id, reserved_tokens, reserved_usd_micros
    )
    update llm_scan_budgets b
    set reserved_tokens = b.reserved_tokens - done.reserved_tokens,
        reserved_usd_micros = b.reserved_usd_micros - done.reserved_usd_micros,
        used_tokens = b.used_tokens + ${s.inputTokens + s.outputTokens},
        used_usd_micros = b.used_usd_micros + ${s.usdMicros}
    from done where b.scan_id = done.scan_id`);
}
