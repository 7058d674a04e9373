'use client';

import { useState } from 'react';
import type { LlmBudgetView } from '@/lib/llm/budget';

/** The repository's LLM budget per scan (codex engine); owners change it, an empty field means the default. */
export function LlmBudgetCard({ repositoryId, initial, canEdit }: { repositoryId: string; initial: LlmBudgetView; canEdit: boolean }) {
  const [budget, setBudget] = useState(initial);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function save(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const field = (name: string) => (String(data.get(name) ?? '').trim() === '' ? null : Number(data.get(name)));
    const res = await fetch(`/v1/repositories/${repositoryId}/llm-budget`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tokens: field('tokens'), usd: field('usd') }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      setMessage({ ok: false, text: body?.error?.message ?? `failed (${res.status})` });
      return;
    }
    setBudget(body);
    setMessage({ ok: true, text: 'Saved. Scans that start from now on use it.' });
  }

  return (
    <section className="card overflow-hidden" data-testid="llm-budget-card">
      <h2 className="border-b border-slate-200 px-5 py-3 font-medium">LLM budget per scan</h2>
      <form onSubmit={save} className="space-y-3 px-5 py-4">
        <p className="text-sm text-slate-600">
          When a codex scan reaches either limit it waits for a team owner to raise the budget or finish with what it found (the components left are reported as not covered). Now:{' '}
          <strong>{budget.effective.tokens.toLocaleString('en-US')} tokens</strong> and <strong>${budget.effective.usd}</strong>.
        </p>
        <div className="flex flex-wrap items-end gap-3">
          <label className="block">
            <span className="text-xs font-medium text-slate-600">Tokens</span>
            <input name="tokens" type="number" min={0} step={1} defaultValue={budget.tokens ?? ''} placeholder={`default ${budget.defaults.tokens}`} disabled={!canEdit} className="input mt-1 w-48" />
          </label>
          <label className="block">
            <span className="text-xs font-medium text-slate-600">US dollars</span>
            <input name="usd" type="number" min={0} step="0.01" defaultValue={budget.usd ?? ''} placeholder={`default ${budget.defaults.usd}`} disabled={!canEdit} className="input mt-1 w-36" />
          </label>
          {canEdit && <button className="btn-primary">Save</button>}
        </div>
        {!canEdit && <p className="text-xs text-slate-500">Only the team’s owners can change the budget.</p>}
        {message && <p className={`text-sm ${message.ok ? 'text-emerald-700' : 'text-red-700'}`}>{message.text}</p>}
      </form>
    </section>
  );
}
