import Link from 'next/link';
import type { adminUsage } from '@/lib/llm/usage-queries';
import { formatTokens, formatUsd as usd, plural, timeAgo } from '@/lib/web/format';
import { ScanStatusBadge } from '../../_components/badges';
import { TableHead } from '../../_components/table-head';
import type { ScanStatus } from '@/lib/db/schema';

/** LLM spend across teams: totals over 30 days and the latest scans that used the proxy. */
export function LlmUsageTable({ data }: { data: Awaited<ReturnType<typeof adminUsage>> }) {
  return (
    <section className="card overflow-hidden" data-testid="admin-llm-usage">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-200 px-5 py-3">
        <h2 className="font-medium">LLM usage</h2>
        <p className="text-sm text-slate-600">
          last 30 days: {plural(data.totals.scans, 'scan')}, {formatTokens(data.totals.tokens)} tokens, {usd(data.totals.usd)}
        </p>
      </div>
      {data.scans.length > 0 && (
        <table className="w-full text-sm">
          <TableHead compact columns={['Scan', 'Team', 'Repository', 'Status', { label: 'Tokens', align: 'right' }, { label: 'Cost', align: 'right' }, 'Created']} />
          <tbody className="divide-y divide-slate-100">
            {data.scans.map((s) => (
              <tr key={s.scan_id}>
                <td className="px-4 py-2 font-mono text-xs">
                  <Link href={`/admin/scans/${s.scan_id}`} className="text-indigo-700 hover:underline">
                    {s.scan_id.slice(0, 8)}
                  </Link>
                </td>
                <td className="px-4 py-2">{s.team_slug}</td>
                <td className="px-4 py-2">{s.repository_name}</td>
                <td className="px-4 py-2">
                  <ScanStatusBadge status={s.status as ScanStatus} />
                </td>
                <td className="px-4 py-2 text-right">
                  {formatTokens(s.used_tokens)} / {formatTokens(s.max_tokens)}
                  {s.budget_refusals > 0 && <span className="ml-1 text-amber-700">(exhausted)</span>}
                </td>
                <td className="px-4 py-2 text-right">
                  {usd(s.used_usd)} / {usd(s.max_usd)}
                </td>
                <td className="px-4 py-2 text-slate-600">{timeAgo(s.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
