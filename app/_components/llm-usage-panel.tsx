import type { ScanUsage } from '@/lib/llm/usage-queries';
import { formatTokens as tokens, formatUsd as usd, plural } from '@/lib/web/format';
import { TableHead } from './table-head';

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
          {plural(usage.requests, 'request')}
          {usage.budget_refusals > 0 && <span className="ml-2 text-amber-700">{usage.budget_refusals} refused: budget exhausted</span>}
          {usage.provider_refusals > 0 && <span className="ml-2 text-amber-700">{usage.provider_refusals} declined by the provider</span>}
        </p>
      </div>
      {usage.components.length > 0 && (
        <table className="w-full text-sm">
          <TableHead columns={['Component', { label: 'Requests', align: 'right' }, { label: 'Input tokens', align: 'right' }, { label: 'Output tokens', align: 'right' }, { label: 'Cost', align: 'right' }]} />
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
