import Link from 'next/link';
import { notFound } from 'next/navigation';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { repositories, scans, teams } from '@/lib/db/schema';
import { isUuid } from '@/lib/api/route';
import { isUnfinished } from '@/lib/db/statuses';
import { eventsAfter } from '@/lib/events/queries';
import { listArtifactsWithUrls } from '@/lib/artifacts/store';
import { requireAdmin } from '@/lib/web/session';
import { loadEvidence, verifyStored } from '@/lib/evidence/queries';
import { evidenceKey } from '@/lib/evidence/signing';
import { ScanStatusBadge } from '../../../../_components/badges';
import { ArtifactList } from '../../../../_components/artifact-list';
import { CancelScanButton } from '../../../../_components/cancel-scan-button';
import { TableHead } from '../../../../_components/table-head';
import { GateHistory } from '../../../../_components/gate-history';
import { gatesOfScan } from '@/lib/gates/queries';

export const dynamic = 'force-dynamic';

const EVENT_LOG_LIMIT = 5000;

export default async function AdminScanPage({ params }: { params: Promise<{ scanId: string }> }) {
  await requireAdmin();
  const { scanId } = await params;
  if (!isUuid(scanId)) notFound();
  const [row] = await getDb()
    .select({ scan: scans, repo: repositories, team: teams })
    .from(scans)
    .innerJoin(repositories, eq(repositories.id, scans.repositoryId))
    .innerJoin(teams, eq(teams.id, scans.teamId))
    .where(eq(scans.id, scanId));
  if (!row) notFound();
  const events = await eventsAfter({ repositoryId: row.repo.id, scanId, after: 0, limit: EVENT_LOG_LIMIT + 1 });
  const truncated = events.length > EVENT_LOG_LIMIT;
  events.splice(EVENT_LOG_LIMIT);
  const active = isUnfinished(row.scan.status);
  const [artifacts, gates] = await Promise.all([listArtifactsWithUrls(row.scan), gatesOfScan(row.scan.id)]);
  // Re-verified from the stored bytes on every view (the "Re-verify" link just loads it again).
  const evidence = await loadEvidence(row.scan.id);
  const verification = evidence?.text ? verifyStored(evidence.text, evidenceKey()) : null;
  const checkedAt = new Date().toISOString();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">
            <Link href="/admin" className="hover:underline">
              admin
            </Link>{' '}
            / {row.team.slug} / {row.repo.name}
          </p>
          <h1 className="font-mono text-xl font-semibold">{row.scan.id}</h1>
          <div className="mt-2 flex items-center gap-3 text-sm text-slate-600">
            <ScanStatusBadge status={row.scan.status} /> attempt {row.scan.attempt} · claimed by {row.scan.claimedBy ?? '—'}
          </div>
          {row.scan.error && <p className="mt-2 text-sm text-rose-700">{row.scan.error}</p>}
        </div>
        {active && !row.scan.cancelRequestedAt && <CancelScanButton repositoryId={row.repo.id} scanId={row.scan.id} />}
      </div>
      {gates.length > 0 && <GateHistory gates={gates} title="Gates" />}
      <section className="card px-5 py-4" data-testid="admin-evidence">
        <div className="flex items-center gap-3">
          <h2 className="font-medium">Evidence</h2>
          {verification?.valid && <span className="text-sm font-medium text-emerald-700">sealed · verified</span>}
          {verification && !verification.valid && <span className="text-sm font-medium text-rose-700">does NOT verify: {verification.error}</span>}
          {!verification && <span className="text-sm text-amber-700">{evidence?.error ?? (active ? 'sealed when the scan ends' : 'not sealed yet')}</span>}
          <Link href={`/admin/scans/${row.scan.id}?verified=${encodeURIComponent(checkedAt)}`} className="btn-secondary ml-auto">
            Re-verify
          </Link>
        </div>
        {verification?.valid && (
          <p className="mt-2 font-mono text-xs text-slate-500">
            evidence {evidence?.evidence_id} · head {verification.head} · {verification.entries} records{verification.signed ? ' · Ed25519 signature checked' : ''} · checked{' '}
            {checkedAt}
          </p>
        )}
      </section>
      <section className="card overflow-hidden">
        <h2 className="border-b border-slate-200 px-5 py-3 font-medium">Artifacts</h2>
        <ArtifactList items={artifacts} />
      </section>
      <section className="card overflow-hidden">
        <h2 className="border-b border-slate-200 px-5 py-3 font-medium">
          Event log ({truncated ? `first ${EVENT_LOG_LIMIT}` : events.length})
          {truncated && (
            <a href={`/v1/repositories/${row.repo.id}/events?scan_id=${row.scan.id}&limit=200`} className="ml-3 text-sm font-normal text-indigo-600 hover:underline">
              page through all of it (JSON)
            </a>
          )}
        </h2>
        <table className="w-full text-xs" data-testid="event-log">
          <TableHead columns={['Id', 'Time', 'Attempt', 'Kind', 'Step', 'Data']} compact />
          <tbody className="divide-y divide-slate-100 font-mono">
            {events.map((e) => (
              <tr key={e.id} className="align-top">
                <td className="px-4 py-1.5 text-slate-500">{e.id}</td>
                <td className="px-4 py-1.5 whitespace-nowrap text-slate-500">{e.createdAt.toISOString().slice(11, 23)}</td>
                <td className="px-4 py-1.5">{e.attempt}</td>
                <td className="px-4 py-1.5 font-semibold">{e.kind}</td>
                <td className="px-4 py-1.5">{e.stepId ?? ''}</td>
                <td className="max-w-xl truncate px-4 py-1.5 text-slate-600" title={JSON.stringify(e.data)}>
                  {JSON.stringify(e.data)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
