import Link from 'next/link';
import { getDb } from '@/lib/db/client';
import { scanStatusEnum, teams, type ScanStatus } from '@/lib/db/schema';
import { isUnfinished } from '@/lib/db/statuses';
import { listAllScans, scanCounts } from '@/lib/scans/queries';
import { duration, timeAgo } from '@/lib/web/format';
import { requireAdmin } from '@/lib/web/session';
import { ScanStatusBadge } from '../../_components/badges';
import { CancelScanButton } from '../../_components/cancel-scan-button';
import { LiveAdminRefresh } from './live-admin-refresh';
import { LlmUsageTable } from './llm-usage-table';
import { adminUsage } from '@/lib/llm/usage-queries';
import { scansWaitingForInput } from '@/lib/gates/queries';
import { FilterSelect } from '../../_components/filter-select';
import { TableHead } from '../../_components/table-head';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Admin' };


export default async function AdminPage({ searchParams }: { searchParams: Promise<{ status?: string; team?: string }> }) {
  await requireAdmin();
  const q = await searchParams;
  const status = (scanStatusEnum.enumValues as readonly string[]).includes(q.status ?? '') ? [q.status as ScanStatus] : [];
  const allTeams = await getDb().select().from(teams).orderBy(teams.slug);
  const team = q.team ? allTeams.find((t) => t.slug === q.team) : undefined;
  const [counts, rows, llm, waiting] = await Promise.all([
    scanCounts(),
    listAllScans({ status, teamId: q.team ? (team?.id ?? '00000000-0000-0000-0000-000000000000') : undefined, limit: 200, after: null }),
    adminUsage(),
    scansWaitingForInput(),
  ]);
  const running = (counts.claimed ?? 0) + (counts.running ?? 0);
  return (
    <div className="space-y-6">
      <LiveAdminRefresh />
      <div>
        <h1 className="text-2xl font-semibold">Admin</h1>
        <p className="mt-1 text-sm text-slate-600">Every team’s scans. Cancel any of them, read any event log.</p>
      </div>
      <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Stat label="Queue depth" value={counts.queued ?? 0} testId="queue-depth" />
        <Stat label="Running" value={running} testId="running-count" />
        <Stat label="Waiting for input" value={counts.needs_input ?? 0} testId="waiting-count" />
        <Stat label="Failed" value={counts.failed ?? 0} />
      </div>
      {waiting.length > 0 && (
        <section className="card overflow-hidden border-amber-300 ring-1 ring-amber-200" aria-label="Waiting for input">
          <h2 className="border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-sm font-medium text-amber-900">Waiting for input ({waiting.length})</h2>
          <table className="w-full text-sm" data-testid="admin-waiting">
            <TableHead columns={['Scan', 'Team', 'Repository', 'Gate', 'Waiting since', 'Safe default at']} compact />
            <tbody className="divide-y divide-slate-100">
              {waiting.map((w) => (
                <tr key={w.gateId} data-testid="admin-waiting-row" data-scan-id={w.scanId}>
                  <td className="px-4 py-2.5 font-mono text-xs">
                    <Link href={`/repositories/${w.repositoryId}/scans/${w.scanId}`} className="text-indigo-700 hover:underline">
                      {w.scanId.slice(0, 8)}
                    </Link>
                  </td>
                  <td className="px-4 py-2.5">{w.teamSlug}</td>
                  <td className="px-4 py-2.5">{w.repositoryName}</td>
                  <td className="px-4 py-2.5">
                    <span className="font-medium">{w.gateKind === 'plan_review' ? 'Plan review' : 'LLM budget'}</span>
                    <div className="max-w-md truncate text-xs text-slate-500" title={w.reason}>
                      {w.reason}
                    </div>
                  </td>
                  <td className="px-4 py-2.5 text-slate-600">{timeAgo(w.openedAt)}</td>
                  <td className="px-4 py-2.5 text-slate-600">{w.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <form method="get" className="card flex flex-wrap items-end gap-3 p-4">
        <FilterSelect name="status" label="Status" value={q.status} options={scanStatusEnum.enumValues} width="w-44" />
        <FilterSelect name="team" label="Team" value={q.team} options={allTeams.map((t) => ({ value: t.slug, label: t.name }))} width="w-48" />
        <button className="btn-primary">Filter</button>
      </form>
      <section className="card overflow-hidden">
        <table className="w-full text-sm" data-testid="admin-scans">
          <TableHead columns={['Scan', 'Team', 'Repository', 'Status', 'Attempt', 'Created', 'Duration', '']} compact />
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 && (
              <tr>
                <td colSpan={8} className="px-4 py-8 text-center text-slate-500">
                  No scans match.
                </td>
              </tr>
            )}
            {rows.map(({ scan, repositoryName, teamSlug }) => (
              <tr key={scan.id} className="hover:bg-slate-50" data-testid="admin-scan-row" data-scan-id={scan.id}>
                <td className="px-4 py-2.5 font-mono text-xs">
                  <Link href={`/admin/scans/${scan.id}`} className="text-indigo-700 hover:underline">
                    {scan.id.slice(0, 8)}
                  </Link>
                </td>
                <td className="px-4 py-2.5">{teamSlug}</td>
                <td className="px-4 py-2.5">{repositoryName}</td>
                <td className="px-4 py-2.5">
                  <ScanStatusBadge status={scan.status} />
                  {scan.cancelRequestedAt && isUnfinished(scan.status) && <span className="ml-2 text-xs text-amber-700">cancelling</span>}
                </td>
                <td className="px-4 py-2.5 text-slate-600">{scan.attempt}</td>
                <td className="px-4 py-2.5 text-slate-600">{timeAgo(scan.createdAt)}</td>
                <td className="px-4 py-2.5 text-slate-600">{duration(scan.startedAt, scan.finishedAt)}</td>
                <td className="px-4 py-2.5 text-right">
                  {isUnfinished(scan.status) && !scan.cancelRequestedAt && (
                    <CancelScanButton repositoryId={scan.repositoryId} scanId={scan.id} compact />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <LlmUsageTable data={llm} />
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <div className="card p-4">
      <div className="text-xs tracking-wide text-slate-500 uppercase">{label}</div>
      <div className="mt-1 text-2xl font-semibold" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}
