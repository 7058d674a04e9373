import Link from 'next/link';
import type { adminUsage } from '@/lib/llm/usage-queries';
import { timeAgo } from '@/lib/web/format';
import { ScanStatusBadge } from '../../_components/badges';
import type { ScanStatus } from '@/lib/db/schema';

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;

/** LLM spend across teams: totals over 30 days and the latest scans that used the proxy. */
export function LlmUsageTable({ data }: { data: Awaited<ReturnType<typeof adminUsage>> }) {
  return (
    <section className="card overflow-hidden" data-testid="admin-llm-usage">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-200 px-5 py-3">
        <h2 className="font-medium">LLM usage</h2>
        <p className="text-sm text-slate-600">
          last 30 days: {data.totals.scans} scan{data.totals.scans === 1 ? '' : 's'}, {data.totals.tokens.toLocaleString('en-US')} tokens, {usd(data.totals.usd)}
        </p>
      </div>
      {data.scans.length > 0 && (
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-500 uppercase">
            <tr>
              <th className="px-4 py-2 font-medium">Scan</th>
              <th className="px-4 py-2 font-medium">Team</th>
              <th className="px-4 py-2 font-medium">Repository</th>
              <th className="px-4 py-2 font-medium">Status</th>
              <th className="px-4 py-2 text-right font-medium">Tokens</th>
              <th className="px-4 py-2 text-right font-medium">Cost</th>
              <th className="px-4 py-2 font-medium">Created</th>
            </tr>
          </thead>
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
                  {s.used_tokens.toLocaleString('en-US')} / {s.max_tokens.toLocaleString('en-US')}
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
