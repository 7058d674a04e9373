import Link from 'next/link';
import type { Finding, Scan } from '@/lib/db/schema';
import { diffScans, previousCompletedScan } from '@/lib/findings/diff';
import { SeverityBadge } from '../../../../../_components/badges';

const BUCKETS = [
  { key: 'new', label: 'New' },
  { key: 'reopened', label: 'Reopened' },
  { key: 'fixed', label: 'Fixed' },
  { key: 'persisting', label: 'Persisting' },
] as const;

/** What changed since the previous completed scan: counts, and each finding linked. */
export async function ScanDiff({ scan }: { scan: Scan }) {
  const base = await previousCompletedScan(scan);
  const diff = await diffScans(scan, base);
  return (
    <section className="card p-5" data-testid="scan-diff">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium">Compared with {base ? 'the previous completed scan' : 'nothing (first scan)'}</h2>
        {base && (
          <Link href={`/repositories/${scan.repositoryId}/scans/${base.id}`} className="font-mono text-xs text-indigo-700 hover:underline">
            {base.id.slice(0, 8)}
          </Link>
        )}
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {BUCKETS.map((b) => (
          <div key={b.key} className="rounded-md bg-slate-50 px-3 py-2" data-testid={`diff-${b.key}`}>
            <dt className="text-xs text-slate-500">{b.label}</dt>
            <dd className="text-xl font-semibold">{diff[b.key].length}</dd>
          </div>
        ))}
      </dl>
      {BUCKETS.filter((b) => b.key !== 'persisting' && diff[b.key].length > 0).map((b) => (
        <div key={b.key} className="mt-4">
          <h3 className="text-sm font-medium text-slate-700">{b.label}</h3>
          <ul className="mt-1 divide-y divide-slate-100 text-sm">
            {diff[b.key].map((f: Finding) => (
              <li key={f.id} className="flex items-center gap-3 py-1.5">
                <SeverityBadge severity={f.severity} />
                <Link href={`/repositories/${scan.repositoryId}/findings/${f.id}`} className="text-indigo-700 hover:underline">
                  {f.title}
                </Link>
                <span className="font-mono text-xs text-slate-500">
                  {f.path}:{f.startLine}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
