import { desc, eq, gt, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { llmScanBudgets, llmUsage, repositories, scans, teams } from '../db/schema';
import { microsToUsd } from './prices';

// Usage as the API and the pages show it: per scan (limits, used, reserved,
// per component) and across scans for /admin. Dollars are computed from
// micro-dollars only at the edge.

export interface ComponentUsage {
  component: string | null;
  requests: number;
  refusals: number;
  input_tokens: number;
  output_tokens: number;
  usd: number;
}

export interface ScanUsage {
  scan_id: string;
  /** null until the scan's first LLM call (builtin scans make none). */
  budget: { tokens: number; usd: number } | null;
  used: { tokens: number; usd: number };
  reserved: { tokens: number; usd: number };
  requests: number;
  /** Requests refused for want of budget. */
  budget_refusals: number;
  /** Requests the provider declined to answer. */
  provider_refusals: number;
  components: ComponentUsage[];
}

export async function scanUsage(scanId: string, db: DbOrTx = getDb()): Promise<ScanUsage> {
  const [[ledger], rows] = await Promise.all([
    db.select().from(llmScanBudgets).where(eq(llmScanBudgets.scanId, scanId)),
    db
      .select({
        component: llmUsage.component,
        requests: sql<number>`count(*)::int`,
        refusals: sql<number>`(count(*) filter (where ${llmUsage.status} = 'refused'))::int`,
        input_tokens: sql<string>`coalesce(sum(${llmUsage.inputTokens}), 0)`.mapWith(Number),
        output_tokens: sql<string>`coalesce(sum(${llmUsage.outputTokens}), 0)`.mapWith(Number),
        usd_micros: sql<string>`coalesce(sum(${llmUsage.usdMicros}), 0)`.mapWith(Number),
      })
      .from(llmUsage)
      .where(eq(llmUsage.scanId, scanId))
      .groupBy(llmUsage.component)
      .orderBy(sql`sum(${llmUsage.usdMicros}) desc`, sql`${llmUsage.component} nulls last`),
  ]);
  const components: ComponentUsage[] = rows.map(({ usd_micros, ...r }) => ({ ...r, usd: microsToUsd(usd_micros) }));
  return {
    scan_id: scanId,
    budget: ledger ? { tokens: ledger.maxTokens, usd: microsToUsd(ledger.maxUsdMicros) } : null,
    used: { tokens: ledger?.usedTokens ?? 0, usd: microsToUsd(ledger?.usedUsdMicros ?? 0) },
    reserved: { tokens: ledger?.reservedTokens ?? 0, usd: microsToUsd(ledger?.reservedUsdMicros ?? 0) },
    requests: components.reduce((a, c) => a + c.requests, 0),
    budget_refusals: ledger?.refusedRequests ?? 0,
    provider_refusals: components.reduce((a, c) => a + c.refusals, 0),
    components,
  };
}

export interface AdminUsageRow {
  scan_id: string;
  repository_id: string;
  repository_name: string;
  team_slug: string;
  status: string;
  created_at: Date;
  used_tokens: number;
  used_usd: number;
  max_tokens: number;
  max_usd: number;
  budget_refusals: number;
}

/** The scans that used the LLM most recently, with the totals over the last 30 days. */
export async function adminUsage(limit = 20, db: DbOrTx = getDb()): Promise<{ totals: { scans: number; tokens: number; usd: number }; scans: AdminUsageRow[] }> {
  const [[totals], rows] = await Promise.all([
    db
      .select({
        scans: sql<number>`count(*)::int`,
        tokens: sql<string>`coalesce(sum(${llmScanBudgets.usedTokens}), 0)`.mapWith(Number),
        usdMicros: sql<string>`coalesce(sum(${llmScanBudgets.usedUsdMicros}), 0)`.mapWith(Number),
      })
      .from(llmScanBudgets)
      .where(gt(llmScanBudgets.createdAt, sql`now() - interval '30 days'`)),
    db
      .select({ budget: llmScanBudgets, scan: { repositoryId: scans.repositoryId, status: scans.status, createdAt: scans.createdAt }, repositoryName: repositories.name, teamSlug: teams.slug })
      .from(llmScanBudgets)
      .innerJoin(scans, eq(scans.id, llmScanBudgets.scanId))
      .innerJoin(repositories, eq(repositories.id, scans.repositoryId))
      .innerJoin(teams, eq(teams.id, scans.teamId))
      .orderBy(desc(llmScanBudgets.createdAt))
      .limit(limit),
  ]);
  return {
    totals: { scans: totals.scans, tokens: totals.tokens, usd: microsToUsd(totals.usdMicros) },
    scans: rows.map((r) => ({
      scan_id: r.budget.scanId,
      repository_id: r.scan.repositoryId,
      repository_name: r.repositoryName,
      team_slug: r.teamSlug,
      status: r.scan.status,
      created_at: r.scan.createdAt,
      used_tokens: r.budget.usedTokens,
      used_usd: microsToUsd(r.budget.usedUsdMicros),
      max_tokens: r.budget.maxTokens,
      max_usd: microsToUsd(r.budget.maxUsdMicros),
      budget_refusals: r.budget.refusedRequests,
    })),
  };
}
