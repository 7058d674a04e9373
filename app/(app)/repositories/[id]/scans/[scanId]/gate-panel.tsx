'use client';

import { useEffect, useState } from 'react';
import type { GateJson } from '@/lib/gates/model';
import { bytes, formatTokens, formatUsd, plural } from '@/lib/web/format';

interface PlanDetails {
  components: { id: string; name: string; kind: string | null; rank: number; reason: string; files: number; bytes: number; languages: string[] }[];
  not_scanned: { count: number; sample: { path: string; reason: string }[] };
  estimate: { files: number; bytes: number; seconds: number; llm_tokens: number; llm_usd?: number; model?: string | null };
  budget?: { tokens: number; usd: number };
}

interface BudgetDetails {
  component_name: string;
  message: string;
  budget: { max_tokens: number; max_usd: number; used_tokens: number; used_usd: number };
  suggested: { tokens: number; usd: number };
}

/**
 * The gate a scan waits at: what is asked, and (for team owners) the
 * decision buttons. The decision goes through the same API as everyone's
 * (POST …/gates/:gateId); the stream's gate_resolved then closes this panel.
 */
export function GatePanel({ repositoryId, scanId, gateId, canDecide }: { repositoryId: string; scanId: string; gateId: string; canDecide: boolean }) {
  const url = `/v1/repositories/${repositoryId}/scans/${scanId}/gates/${gateId}`;
  const [gate, setGate] = useState<GateJson | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [keep, setKeep] = useState<Set<string>>(new Set());
  const [tokens, setTokens] = useState('');
  const [usd, setUsd] = useState('');

  useEffect(() => {
    let live = true;
    fetch(url)
      .then(async (r) => {
        const body = await r.json();
        if (!r.ok) throw new Error(body?.error?.message ?? `HTTP ${r.status}`);
        return body as GateJson;
      })
      .then((g) => {
        if (!live) return;
        setGate(g);
        if (g.kind === 'plan_review') setKeep(new Set((g.details as unknown as PlanDetails).components.map((c) => c.id)));
        if (g.kind === 'budget') {
          const d = g.details as unknown as BudgetDetails;
          setTokens(String(d.suggested.tokens));
          setUsd(String(d.suggested.usd));
        }
      })
      .catch((err) => live && setLoadError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [url]);

  async function decide(decision: string, extra: Record<string, unknown> = {}) {
    setBusy(decision);
    setError(null);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision, ...extra }) });
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      setGate(body as GateJson);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  }

  if (loadError) return <Frame title="Waiting for input">{<p className="text-sm text-rose-700">Could not load the gate: {loadError}</p>}</Frame>;
  if (!gate) return <Frame title="Waiting for input">{<p className="text-sm text-slate-500">Loading…</p>}</Frame>;
  const expires = new Date(gate.expires_at);
  const open = gate.status === 'open';
  const footer = (
    <div className="mt-4 space-y-2 text-xs text-slate-600">
      {open ? (
        <p>
          If nobody decides by <time dateTime={gate.expires_at}>{expires.toLocaleString()}</time>, the scan will{' '}
          <strong>{gate.timeout_decision === 'abort' ? 'be aborted' : 'finish with what it found'}</strong> (the safe default).
        </p>
      ) : (
        <p data-testid="gate-decided">
          Decided: <strong>{gate.decision}</strong> by {gate.decided_by}. The scan resumes…
        </p>
      )}
      {!canDecide && open && <p>Only a team owner can decide.</p>}
      {error && (
        <p className="rounded bg-rose-50 px-2 py-1 text-rose-700" role="alert">
          {error}
        </p>
      )}
    </div>
  );

  if (gate.kind === 'plan_review') {
    const d = gate.details as unknown as PlanDetails;
    const dropped = d.components.filter((c) => !keep.has(c.id)).map((c) => c.id);
    const kept = d.components.filter((c) => keep.has(c.id));
    const keptBytes = kept.reduce((n, c) => n + c.bytes, 0);
    return (
      <Frame title="Plan review: approve before any audit runs">
        <p className="text-sm text-slate-700">{gate.reason}</p>
        <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="gate-estimate">
          <Fact label="Components" value={`${kept.length} of ${d.components.length}`} />
          <Fact label="Source to audit" value={`${plural(kept.reduce((n, c) => n + c.files, 0), 'file')} · ${bytes(keptBytes)}`} />
          <Fact label="Estimated time" value={`~${Math.max(1, d.estimate.seconds)} s`} />
          <Fact
            label="Estimated LLM cost"
            value={d.estimate.llm_tokens > 0 ? `${formatTokens(d.estimate.llm_tokens)} tokens${d.estimate.llm_usd !== undefined ? ` · ${formatUsd(d.estimate.llm_usd)}` : ''}` : 'none (builtin engine)'}
          />
        </dl>
        {d.budget && d.estimate.llm_tokens > 0 && (
          <p className="mt-1 text-xs text-slate-500">
            Budget per scan: {formatTokens(d.budget.tokens)} tokens · {formatUsd(d.budget.usd)}
          </p>
        )}
        <div className="mt-3 max-h-72 overflow-y-auto rounded-md border border-slate-200">
          <table className="w-full text-left text-sm">
            <thead className="sticky top-0 bg-slate-50 text-xs text-slate-500">
              <tr>
                <th className="w-10 px-3 py-2">Audit</th>
                <th className="px-3 py-2">Component</th>
                <th className="px-3 py-2">Why</th>
                <th className="px-3 py-2 text-right">Files</th>
                <th className="px-3 py-2 text-right">Size</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {d.components.map((c) => (
                <tr key={c.id} data-testid="gate-component">
                  <td className="px-3 py-1.5">
                    <input
                      type="checkbox"
                      aria-label={`audit ${c.name}`}
                      checked={keep.has(c.id)}
                      disabled={!canDecide || !open}
                      onChange={(e) => {
                        const next = new Set(keep);
                        if (e.target.checked) next.add(c.id);
                        else next.delete(c.id);
                        setKeep(next);
                      }}
                    />
                  </td>
                  <td className="px-3 py-1.5">
                    <div className="font-medium">{c.name}</div>
                    <div className="font-mono text-xs text-slate-500">
                      {c.id}
                      {c.kind && ` · ${c.kind}`}
                    </div>
                  </td>
                  <td className="px-3 py-1.5 text-xs text-slate-600">{c.reason}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{c.files}</td>
                  <td className="px-3 py-1.5 text-right whitespace-nowrap tabular-nums">{bytes(c.bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {d.not_scanned.count > 0 && (
          <details className="mt-2 text-xs text-slate-600">
            <summary className="cursor-pointer">Left out of the plan: {plural(d.not_scanned.count, 'file')}</summary>
            <ul className="mt-1 space-y-0.5 font-mono">
              {d.not_scanned.sample.map((s) => (
                <li key={s.path}>
                  {s.path} <span className="text-slate-400">({s.reason})</span>
                </li>
              ))}
              {d.not_scanned.count > d.not_scanned.sample.length && <li>… and {d.not_scanned.count - d.not_scanned.sample.length} more</li>}
            </ul>
          </details>
        )}
        {canDecide && open && (
          <div className="mt-4 flex flex-wrap gap-2">
            <button
              type="button"
              className="btn-primary"
              data-testid="gate-approve"
              disabled={busy !== null || kept.length === 0}
              onClick={() => decide('approve', dropped.length > 0 ? { drop_components: dropped } : {})}
            >
              {busy === 'approve' ? 'Approving…' : dropped.length > 0 ? `Approve ${plural(kept.length, 'component')} (drop ${dropped.length})` : 'Approve the plan'}
            </button>
            <button type="button" className="btn-danger" data-testid="gate-abort" disabled={busy !== null} onClick={() => decide('abort')}>
              {busy === 'abort' ? 'Aborting…' : 'Abort the scan'}
            </button>
          </div>
        )}
        {footer}
      </Frame>
    );
  }

  const d = gate.details as unknown as BudgetDetails;
  return (
    <Frame title="LLM budget exhausted: raise it or finish">
      <p className="text-sm text-slate-700">{gate.reason}</p>
      <dl className="mt-3 grid grid-cols-2 gap-3 text-sm" data-testid="gate-budget">
        <Fact label="Tokens used / limit" value={`${formatTokens(d.budget.used_tokens)} / ${formatTokens(d.budget.max_tokens)}`} />
        <Fact label="Cost used / limit" value={`${formatUsd(d.budget.used_usd)} / ${formatUsd(d.budget.max_usd)}`} />
      </dl>
      {canDecide && open && (
        <form
          className="mt-4 flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void decide('increase', { budget: { tokens: Number(tokens), usd: Number(usd) } });
          }}
        >
          <label className="text-sm">
            <span className="block text-xs text-slate-500">New token limit</span>
            <input className="input w-40" inputMode="numeric" value={tokens} onChange={(e) => setTokens(e.target.value)} aria-label="new token limit" />
          </label>
          <label className="text-sm">
            <span className="block text-xs text-slate-500">New cost limit (USD)</span>
            <input className="input w-32" inputMode="decimal" value={usd} onChange={(e) => setUsd(e.target.value)} aria-label="new cost limit" />
          </label>
          <button type="submit" className="btn-primary" data-testid="gate-increase" disabled={busy !== null}>
            {busy === 'increase' ? 'Raising…' : 'Raise the budget and continue'}
          </button>
          <button type="button" className="btn-secondary" data-testid="gate-finish" disabled={busy !== null} onClick={() => decide('finish')}>
            {busy === 'finish' ? 'Finishing…' : 'Finish with what was found'}
          </button>
        </form>
      )}
      {footer}
    </Frame>
  );
}

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="card border-amber-300 bg-amber-50/40 p-5 ring-1 ring-amber-200" aria-label="Waiting for input" data-testid="gate-panel">
      <h2 className="flex items-center gap-2 font-medium text-amber-900">
        <span className="h-2.5 w-2.5 animate-pulse rounded-full bg-amber-500" aria-hidden />
        {title}
      </h2>
      <div className="mt-2">{children}</div>
    </section>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}
