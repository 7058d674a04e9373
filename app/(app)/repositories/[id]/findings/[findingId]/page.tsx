import Link from 'next/link';
import { notFound } from 'next/navigation';
import { hasRole } from '@/lib/auth/principal';
import { isUuid } from '@/lib/api/route';
import { getFinding, triageHistory } from '@/lib/findings/queries';
import { timeAgo } from '@/lib/web/format';
import { pageRepository, requireUser } from '@/lib/web/session';
import { FindingStatusBadge, SeverityBadge } from '../../../../../_components/badges';
import { TriageForm } from './triage-form';

export const dynamic = 'force-dynamic';

export default async function FindingPage({ params }: { params: Promise<{ id: string; findingId: string }> }) {
  const { id, findingId } = await params;
  const user = await requireUser();
  const { repo } = await pageRepository(user, id);
  const f = isUuid(findingId) ? await getFinding(repo.id, findingId) : undefined;
  if (!f) notFound();
  const history = await triageHistory(f.id);
  const firstLine = f.startLine;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/repositories/${repo.id}`} className="hover:underline">
            {repo.name}
          </Link>{' '}
          /{' '}
          <Link href={`/repositories/${repo.id}/findings`} className="hover:underline">
            findings
          </Link>
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <SeverityBadge severity={f.severity} />
          <h1 className="text-2xl font-semibold">{f.title}</h1>
          <FindingStatusBadge status={f.status} />
        </div>
        <p className="mt-2 font-mono text-sm text-slate-600" data-testid="finding-location">
          {f.path}:{f.startLine}
          {f.endLine !== f.startLine && `-${f.endLine}`} · {f.cwe ?? 'no CWE'} · {f.ruleId} · confidence {f.confidence}
        </p>
        <p className="mt-1 text-xs text-slate-500" data-testid="finding-seen">
          {f.firstSeenScanId && (
            <>
              first seen by{' '}
              <Link href={`/repositories/${repo.id}/scans/${f.firstSeenScanId}`} className="font-mono text-indigo-700 hover:underline">
                {f.firstSeenScanId.slice(0, 8)}
              </Link>
            </>
          )}
          {f.lastSeenScanId && (
            <>
              {' '}· last seen by{' '}
              <Link href={`/repositories/${repo.id}/scans/${f.lastSeenScanId}`} className="font-mono text-indigo-700 hover:underline">
                {f.lastSeenScanId.slice(0, 8)}
              </Link>
            </>
          )}
          {f.fixedScanId && (
            <>
              {' '}· fixed by{' '}
              <Link href={`/repositories/${repo.id}/scans/${f.fixedScanId}`} className="font-mono text-indigo-700 hover:underline">
                {f.fixedScanId.slice(0, 8)}
              </Link>
            </>
          )}
          {f.tool !== 'vega' && <> · imported from {f.tool.replace(/^sarif:/, '')}</>}
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section className="card overflow-hidden">
            <h2 className="border-b border-slate-200 px-5 py-3 font-medium">Code</h2>
            <pre className="overflow-x-auto bg-slate-950 px-0 py-3 font-mono text-xs leading-relaxed text-slate-200" data-testid="snippet">
              {f.snippet.split('\n').map((line, i) => (
                <div key={i} className="flex">
                  <span className="w-14 shrink-0 pr-4 text-right text-slate-500 select-none">{firstLine + i}</span>
                  <span className="pr-5 whitespace-pre">{line}</span>
                </div>
              ))}
            </pre>
          </section>
          <section className="card space-y-4 p-5 text-sm">
            <div>
              <h2 className="font-medium">What is wrong</h2>
              <p className="mt-1 text-slate-700" data-testid="finding-message">
                {f.message}
              </p>
            </div>
            <div>
              <h2 className="font-medium">How to fix it</h2>
              <p className="mt-1 text-slate-700" data-testid="finding-recommendation">
                {f.recommendation}
              </p>
            </div>
            {f.trace.length > 0 && (
              <div>
                <h2 className="font-medium">Data flow</h2>
                <ol className="mt-2 space-y-1">
                  {f.trace.map((t, i) => (
                    <li key={i} className="flex gap-3">
                      <span className="font-mono text-xs text-slate-500">
                        {t.path}:{t.line}
                      </span>
                      <span className="text-slate-700">{t.note}</span>
                    </li>
                  ))}
                </ol>
              </div>
            )}
          </section>
        </div>
        <aside className="space-y-6">
          {hasRole(user, repo.teamId, 'member') && (
            <TriageForm repositoryId={repo.id} findingId={f.id} status={f.status} note={f.statusNote ?? ''} />
          )}
          <section className="card p-5 text-sm">
            <h2 className="font-medium">History</h2>
            <ul className="mt-2 space-y-2 text-slate-600">
              <li>First seen in scan {f.firstSeenScanId?.slice(0, 8) ?? '—'}, last seen in {f.lastSeenScanId?.slice(0, 8) ?? '—'}</li>
              {history.map((h) => (
                <li key={h.entry.id}>
                  {h.email ?? 'someone'} set <b>{h.entry.toStatus.replace('_', ' ')}</b> {timeAgo(h.entry.createdAt)}
                  {h.entry.note && <span className="block text-slate-500">“{h.entry.note}”</span>}
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </div>
  );
}
