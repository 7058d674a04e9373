import type { ScanUsage } from '@/lib/llm/usage-queries';

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;
const tokens = (n: number) => n.toLocaleString('en-US');

/** A scan's LLM usage: what it used of its budget, and per component (codex engine). */
export function LlmUsagePanel({ usage }: { usage: ScanUsage }) {
  const pct = usage.budget && usage.budget.tokens > 0 ? Math.min(100, Math.round((usage.used.tokens / usage.budget.tokens) * 100)) : 0;
  return (
    <section className="card overflow-hidden" data-testid="llm-usage">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-200 px-5 py-3">
        <h2 className="font-medium">LLM usage</h2>
        <p className="text-sm text-slate-600">
          <span data-testid="llm-usage-tokens">{tokens(usage.used.tokens)}</span> tokens · <span data-testid="llm-usage-usd">{usd(usage.used.usd)}</span>
          {usage.budget && (
            <>
              {' '}
              of {tokens(usage.budget.tokens)} tokens / {usd(usage.budget.usd)} ({pct}%)
            </>
          )}
          {' · '}
          {usage.requests} request{usage.requests === 1 ? '' : 's'}
          {usage.budget_refusals > 0 && <span className="ml-2 text-amber-700">{usage.budget_refusals} refused: budget exhausted</span>}
          {usage.provider_refusals > 0 && <span className="ml-2 text-amber-700">{usage.provider_refusals} declined by the provider</span>}
        </p>
      </div>
      {usage.components.length > 0 && (
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-500 uppercase">
            <tr>
              <th className="px-5 py-2 font-medium">Component</th>
              <th className="px-5 py-2 text-right font-medium">Requests</th>
              <th className="px-5 py-2 text-right font-medium">Input tokens</th>
              <th className="px-5 py-2 text-right font-medium">Output tokens</th>
              <th className="px-5 py-2 text-right font-medium">Cost</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {usage.components.map((c) => (
              <tr key={c.component ?? '(plan)'} data-testid="llm-usage-component">
                <td className="px-5 py-2 font-mono text-xs">
                  {c.component ?? <span className="text-slate-500">plan</span>}
                  {c.refusals > 0 && <span className="ml-2 font-sans text-amber-700">refused</span>}
                </td>
                <td className="px-5 py-2 text-right">{c.requests}</td>
                <td className="px-5 py-2 text-right">{tokens(c.input_tokens)}</td>
                <td className="px-5 py-2 text-right">{tokens(c.output_tokens)}</td>
                <td className="px-5 py-2 text-right">{usd(c.usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
