import Link from 'next/link';
import type { Scan } from '@/lib/db/schema';
import { diffBranchScan, serializeBranchFinding } from '@/lib/findings/branch';
import { defaultBase } from '@/lib/findings/diff';
import { SeverityBadge } from '../../../../../_components/badges';

/** A branch scan leads with what it adds: "N new findings vs main", then what is new, existing and fixed against its base. */
export async function BranchDiff({ scan, defaultRef }: { scan: Scan; defaultRef: string | null }) {
  const base = await defaultBase(scan);
  const diff = await diffBranchScan(scan, base);
  const against = base?.ref ?? defaultRef ?? 'the default branch';
  const fresh = diff.new.map((f) => serializeBranchFinding(f, diff.statuses));
  const counting = scan.status !== 'completed' ? ' so far' : '';
  return (
    <section className="card p-5" data-testid="branch-diff">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold" data-testid="branch-headline">
          {fresh.length} new finding{fresh.length === 1 ? '' : 's'} vs {against}
          {counting}
        </h2>
        {base ? (
          <Link href={`/repositories/${scan.repositoryId}/scans/${base.id}`} className="text-xs text-indigo-700 hover:underline">
            base scan <span className="font-mono">{base.id.slice(0, 8)}</span>
            {base.status !== 'completed' && ` (${base.status})`}
          </Link>
        ) : (
          <span className="text-xs text-slate-500">no base scan: everything found is new</span>
        )}
      </div>
      <dl className="mt-3 grid grid-cols-3 gap-3">
        {[
          ['New', fresh.length, 'new'],
          ['Existing', diff.existing.length, 'existing'],
          ['Fixed by this branch', diff.fixed.length, 'fixed'],
        ].map(([label, n, key]) => (
          <div key={key} className="rounded-md bg-slate-50 px-3 py-2" data-testid={`branch-${key}`}>
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="text-xl font-semibold">{n}</dd>
          </div>
        ))}
      </dl>
      {fresh.length > 0 && (
        <ul className="mt-4 divide-y divide-slate-100 text-sm">
          {fresh.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5">
              <SeverityBadge severity={f.severity} />
              <span className="font-medium">{f.title}</span>
              <span className="font-mono text-xs break-all text-slate-500">
                {f.path}:{f.start_line}
              </span>
              {f.status !== 'open' && <span className="text-xs text-slate-500">({f.status.replace('_', ' ')} on {defaultRef ?? 'the default branch'})</span>}
            </li>
          ))}
        </ul>
      )}
      {diff.fixed.length > 0 && (
        <div className="mt-4">
          <h3 className="text-sm font-medium text-slate-700">Fixed by this branch</h3>
          <ul className="mt-1 divide-y divide-slate-100 text-sm">
            {diff.fixed.map((f) => (
              <li key={f.fingerprint} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5">
                <SeverityBadge severity={f.severity} />
                <span>{f.title}</span>
                <span className="font-mono text-xs break-all text-slate-500">
                  {f.path}:{f.start_line}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
