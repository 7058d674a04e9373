import type { Sql } from '../db/client';
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

export async function scanUsage(sql: Sql, scanId: string): Promise<ScanUsage> {
  const [ledger] = await sql<Record<string, string>[]>`select * from llm_scan_budgets where scan_id = ${scanId}`;
  const rows = await sql<Record<string, string | null>[]>`
    select component, count(*) as requests, count(*) filter (where status = 'refused') as refusals,
           coalesce(sum(input_tokens), 0) as input_tokens, coalesce(sum(output_tokens), 0) as output_tokens,
           coalesce(sum(usd_micros), 0) as usd_micros
    from llm_usage where scan_id = ${scanId}
    group by component order by sum(usd_micros) desc, component nulls last`;
  const components = rows.map((r) => ({
    component: r.component,
    requests: Number(r.requests),
    refusals: Number(r.refusals),
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
    usd: microsToUsd(Number(r.usd_micros)),
  }));
  const n = (k: string) => Number(ledger?.[k] ?? 0);
  return {
    scan_id: scanId,
    budget: ledger ? { tokens: n('max_tokens'), usd: microsToUsd(n('max_usd_micros')) } : null,
    used: { tokens: n('used_tokens'), usd: microsToUsd(n('used_usd_micros')) },
    reserved: { tokens: n('reserved_tokens'), usd: microsToUsd(n('reserved_usd_micros')) },
    requests: components.reduce((a, c) => a + c.requests, 0),
    budget_refusals: n('refused_requests'),
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
export async function adminUsage(sql: Sql, limit = 20): Promise<{ totals: { scans: number; tokens: number; usd: number }; scans: AdminUsageRow[] }> {
  const [totals] = await sql<{ scans: string; tokens: string; usd_micros: string }[]>`
    select count(*) as scans, coalesce(sum(used_tokens), 0) as tokens, coalesce(sum(used_usd_micros), 0) as usd_micros
    from llm_scan_budgets where created_at > now() - interval '30 days'`;
  const rows = await sql<Record<string, string>[]>`
    select b.scan_id, s.repository_id, r.name as repository_name, t.slug as team_slug, s.status, s.created_at,
           b.used_tokens, b.used_usd_micros, b.max_tokens, b.max_usd_micros, b.refused_requests
    from llm_scan_budgets b join scans s on s.id = b.scan_id join repositories r on r.id = s.repository_id join teams t on t.id = s.team_id
    order by b.created_at desc limit ${limit}`;
  return {
    totals: { scans: Number(totals.scans), tokens: Number(totals.tokens), usd: microsToUsd(Number(totals.usd_micros)) },
    scans: rows.map((r) => ({
      scan_id: r.scan_id,
      repository_id: r.repository_id,
      repository_name: r.repository_name,
      team_slug: r.team_slug,
      status: r.status,
      created_at: new Date(r.created_at),
      used_tokens: Number(r.used_tokens),
      used_usd: microsToUsd(Number(r.used_usd_micros)),
      max_tokens: Number(r.max_tokens),
      max_usd: microsToUsd(Number(r.max_usd_micros)),
      budget_refusals: Number(r.refused_requests),
    })),
  };
}
