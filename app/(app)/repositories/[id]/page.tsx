import Link from 'next/link';
import { hasRole } from '@/lib/auth/principal';
import { headRevision } from '@/lib/revisions/queries';
import { listScans } from '@/lib/scans/queries';
import { bytes, duration, timeAgo } from '@/lib/web/format';
import { pageRepository, requireUser } from '@/lib/web/session';
import { ScanStatusBadge } from '../../../_components/badges';
import { LiveRefresh } from '../../../_components/live-refresh';
import { StartScanButton } from '../../../_components/start-scan-button';
import { TableHead } from '../../../_components/table-head';
import { RevisionLabel } from '../../../_components/revision-label';
import { defaultRefOf } from '@/lib/revisions/serialize';
import { UploadRevisionForm } from './upload-revision-form';

export const dynamic = 'force-dynamic';

export default async function RepositoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  const { repo, team } = await pageRepository(user, id);
  const [snapshot, scans] = await Promise.all([headRevision(repo), listScans(repo.id, { limit: 50, after: null })]);
  const canScan = hasRole(user, repo.teamId, 'member');
  return (
    <div className="space-y-6">
      <LiveRefresh url={`/v1/repositories/${repo.id}/events/stream`} kinds={['run_started', 'run_completed', 'run_finalized', 'run_failed', 'run_aborted', 'progress']} />
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">{team.name}</p>
          <h1 className="text-2xl font-semibold">{repo.name}</h1>
          <p className="mt-1 text-sm break-all text-slate-600">
            {repo.sourceType} · <span className="font-mono text-xs">{repo.sourceLocation}</span>
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {repo.sourceType === 'git' ? 'Tracks ' : 'Default branch '}
            <RevisionLabel refName={defaultRefOf(repo) ?? 'the remote’s default branch'} commitSha={null} />
            {repo.sourceType === 'git' && ': every scan fetches its newest commit'}
            {repo.sourceType === 'local' && ': every scan re-reads the directory'}
          </p>
        </div>
        <div className="flex gap-2">
          <Link href={`/repositories/${repo.id}/findings`} className="btn-secondary">
            Findings
          </Link>
          <Link href={`/repositories/${repo.id}/settings`} className="btn-secondary">
            Settings
          </Link>
          {canScan && <StartScanButton repositoryId={repo.id} />}
        </div>
      </div>
      {snapshot && (
        <div className="card grid grid-cols-2 gap-4 p-5 text-sm sm:grid-cols-4" data-testid="latest-revision">
          <Stat
            label="Latest revision"
            value={
              snapshot.commitSha || snapshot.ref ? (
                <RevisionLabel refName={snapshot.ref} commitSha={snapshot.commitSha} />
              ) : (
                <span className="font-mono" title={snapshot.sha256}>
                  {snapshot.sha256.slice(0, 12)}
                </span>
              )
            }
          />
          <Stat label="Files" value={snapshot.fileCount.toLocaleString()} />
          <Stat label="Source size" value={bytes(snapshot.sourceBytes)} />
          <Stat label="Taken" value={timeAgo(snapshot.createdAt)} />
        </div>
      )}
      {canScan && repo.sourceType === 'upload' && <UploadRevisionForm repositoryId={repo.id} />}
      <section className="card overflow-hidden">
        <h2 className="border-b border-slate-200 px-5 py-3 font-medium">Scans</h2>
        {scans.length === 0 ? (
          <p className="px-5 py-10 text-center text-sm text-slate-500">No scans yet. Start one to see it run live.</p>
        ) : (
          <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead columns={['Scan', 'Revision', 'Status', 'Progress', 'Findings', 'Started', 'Duration']} />
            <tbody className="divide-y divide-slate-100">
              {scans.slice(0, 50).map((s) => (
                <tr key={s.id} className="hover:bg-slate-50" data-testid="scan-row">
                  <td className="px-5 py-3 font-mono text-xs">
                    <Link href={`/repositories/${repo.id}/scans/${s.id}`} className="text-indigo-700 hover:underline">
                      {s.id.slice(0, 8)}
                    </Link>
                  </td>
                  <td className="px-5 py-3 text-slate-700">
                    <RevisionLabel refName={s.ref} commitSha={s.commitSha} />
                    {s.branch && (
                      <span className="ml-2 rounded bg-violet-50 px-1.5 py-0.5 text-xs text-violet-700 ring-1 ring-violet-200" title="A branch scan: its findings are compared with its base and leave the default branch's alone">
                        branch scan
                      </span>
                    )}
                  </td>
                  <td className="px-5 py-3">
                    <ScanStatusBadge status={s.status} />
                  </td>
                  <td className="px-5 py-3 text-slate-600">{s.progressTotal > 0 ? `${s.progressDone} / ${s.progressTotal}` : '—'}</td>
                  <td className="px-5 py-3">{s.findingsCount}</td>
                  <td className="px-5 py-3 text-slate-600">{timeAgo(s.createdAt)}</td>
                  <td className="px-5 py-3 text-slate-600">{duration(s.startedAt, s.finishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </section>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <div className="text-xs tracking-wide text-slate-500 uppercase">{label}</div>
      <div className="mt-1 font-medium">{value}</div>
    </div>
  );
}
