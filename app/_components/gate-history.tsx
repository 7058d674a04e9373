import type { ScanGate } from '@/lib/db/schema';

const KIND: Record<string, string> = { plan_review: 'Plan review', budget: 'LLM budget' };

function describe(g: ScanGate): string {
  const d = (g.decisionDetail ?? {}) as { drop_components?: string[]; budget?: { to?: { tokens: number; usd: number } } };
  if (g.status === 'open') return `open: waiting for a decision (safe default at ${g.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC)`;
  if (g.status === 'closed') return 'closed without a decision: the scan ended first';
  const parts = [g.decision ?? ''];
  if (d.drop_components?.length) parts.push(`dropped ${d.drop_components.join(', ')}`);
  if (d.budget?.to) parts.push(`new limits ${d.budget.to.tokens.toLocaleString('en-US')} tokens, $${d.budget.to.usd}`);
  return parts.join(' · ');
}

/** The scan's gates and every decision taken at them (who, when, what): the same record its evidence envelope seals. */
export function GateHistory({ gates, title = 'Gate decisions' }: { gates: ScanGate[]; title?: string }) {
  return (
    <section className="card overflow-hidden" aria-label="Gate decisions">
      <h2 className="border-b border-slate-200 px-5 py-3 font-medium">{title}</h2>
      <ul className="divide-y divide-slate-100 text-sm" data-testid="gate-history">
        {gates.map((g) => (
          <li key={g.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-5 py-2.5">
            <span className="font-medium">{KIND[g.kind] ?? g.kind}</span>
            <span className={g.status === 'timed_out' ? 'text-amber-700' : 'text-slate-700'}>{describe(g)}</span>
            <span className="text-xs text-slate-500">
              {g.status === 'open' ? `opened ${g.openedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC` : g.status === 'timed_out' ? 'timed out (the safe default)' : `by ${g.decidedByLabel ?? 'unknown'}`}
              {g.decidedAt && ` · ${g.decidedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
