import Link from 'next/link';
import { findingStatusEnum, severityEnum } from '@/lib/db/schema';
import { listFindings, listFindingsQuerySchema } from '@/lib/findings/queries';
import { pageRepository, requireUser } from '@/lib/web/session';
import { FindingStatusBadge, SeverityBadge } from '../../../../_components/badges';
import { FilterSelect } from '../../../../_components/filter-select';
import { TableHead } from '../../../../_components/table-head';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Findings' };

export default async function FindingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { id } = await params;
  const raw = await searchParams;
  const user = await requireUser();
  const { repo } = await pageRepository(user, id);
  const parsed = listFindingsQuerySchema.safeParse({ severity: raw.severity || undefined, status: raw.status || undefined, q: raw.q || undefined });
  const filter = parsed.success ? parsed.data : { severity: [], status: [], q: undefined };
  const rows = await listFindings(repo.id, filter, { limit: 500, after: null });
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/repositories/${repo.id}`} className="hover:underline">
            {repo.name}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">Findings</h1>
      </div>
      <form className="card flex flex-wrap items-end gap-3 p-4" method="get">
        <FilterSelect name="severity" label="Severity" value={raw.severity} options={severityEnum.enumValues} width="w-40" />
        <FilterSelect name="status" label="Status" value={raw.status} options={findingStatusEnum.enumValues} width="w-44" />
        <label className="block flex-1">
          <span className="text-xs font-medium text-slate-600">Search path or rule</span>
          <input name="q" defaultValue={raw.q ?? ''} placeholder="src/routes or injection.sql" className="input mt-1" />
        </label>
        <button type="submit" className="btn-primary">
          Filter
        </button>
        {(raw.severity || raw.status || raw.q) && (
          <Link href={`/repositories/${repo.id}/findings`} className="btn-secondary">
            Clear
          </Link>
        )}
      </form>
      <section className="card overflow-hidden">
        {rows.length === 0 ? (
          <p className="px-5 py-10 text-center text-sm text-slate-500">No findings match.</p>
        ) : (
          <table className="w-full text-sm" data-testid="findings-table">
            <TableHead columns={['Severity', 'Finding', 'Location', 'CWE', 'Status']} />
            <tbody className="divide-y divide-slate-100">
              {rows.map((f) => (
                <tr key={f.id} className="hover:bg-slate-50" data-testid="finding-row">
                  <td className="px-5 py-3">
                    <SeverityBadge severity={f.severity} />
                  </td>
                  <td className="px-5 py-3">
                    <Link href={`/repositories/${repo.id}/findings/${f.id}`} className="font-medium text-indigo-700 hover:underline">
                      {f.title}
                    </Link>
                    <div className="font-mono text-xs text-slate-500">{f.ruleId}</div>
                  </td>
                  <td className="px-5 py-3 font-mono text-xs text-slate-600">
                    {f.path}:{f.startLine}
                  </td>
                  <td className="px-5 py-3 text-slate-600">{f.cwe ?? '—'}</td>
                  <td className="px-5 py-3">
                    <FindingStatusBadge status={f.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
