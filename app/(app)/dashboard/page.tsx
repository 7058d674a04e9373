import Link from 'next/link';
import { repositoryOverview } from '@/lib/repositories/overview';
import { timeAgo } from '@/lib/web/format';
import { requireUser } from '@/lib/web/session';
import { ScanStatusBadge } from '../../_components/badges';
import { TableHead } from '../../_components/table-head';

export const metadata = { title: 'Dashboard' };
export const dynamic = 'force-dynamic';

export default async function DashboardPage() {
  const user = await requireUser();
  const repos = await repositoryOverview(user.teams.map((t) => t.team.id));
  return (
    <div className="space-y-8">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{user.teams.length === 1 ? user.teams[0].team.name : 'Your teams'}</h1>
          <p className="mt-1 text-sm text-slate-600">Repositories, their latest scans and what is still open.</p>
        </div>
        <Link href="/repositories/new" className="btn-primary">
          Add repository
        </Link>
      </div>
      {user.teams.map(({ team, role }) => {
        const mine = repos.filter((r) => r.team_id === team.id);
        return (
          <section key={team.id} className="card overflow-hidden" aria-label={`${team.name} repositories`}>
            <div className="flex items-center justify-between border-b border-slate-200 px-5 py-3">
              <h2 className="font-medium">{user.teams.length === 1 ? 'Repositories' : team.name}</h2>
              <span className="text-xs text-slate-500">your role: {role}</span>
            </div>
            {mine.length === 0 ? (
              <div className="px-5 py-10 text-center text-sm text-slate-500">
                No repositories yet.{' '}
                <Link href="/repositories/new" className="text-indigo-600 hover:underline">
                  Add the first one
                </Link>
                .
              </div>
            ) : (
              <table className="w-full text-sm">
                <TableHead columns={['Repository', 'Source', 'Last scan', { label: 'Open findings', align: 'right' }]} />
                <tbody className="divide-y divide-slate-100">
                  {mine.map((r) => (
                    <tr key={r.id} className="hover:bg-slate-50">
                      <td className="px-5 py-3 font-medium">
                        <Link href={`/repositories/${r.id}`} className="text-indigo-700 hover:underline">
                          {r.name}
                        </Link>
                      </td>
                      <td className="max-w-xs truncate px-5 py-3 text-slate-500" title={r.source_location}>
                        {r.source_type} · {r.source_location}
                      </td>
                      <td className="px-5 py-3">
                        {r.last_scan_id ? (
                          <Link href={`/repositories/${r.id}/scans/${r.last_scan_id}`} className="inline-flex items-center gap-2">
                            <ScanStatusBadge status={r.last_scan_status!} />
                            <span className="text-slate-500">{timeAgo(r.last_scan_at)}</span>
                          </Link>
                        ) : (
                          <span className="text-slate-400">never scanned</span>
                        )}
                      </td>
                      <td className="px-5 py-3 text-right">
                        <Link href={`/repositories/${r.id}/findings`} className="hover:underline">
                          {r.open_findings}
                          {r.critical_high > 0 && <span className="ml-2 text-xs text-rose-600">{r.critical_high} critical/high</span>}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </div>
  );
}
