'use client';

import { useState } from 'react';

interface Token {
  id: string;
  name: string;
  prefix: string;
  role: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function TokenManager({ team, initial }: { team: string; initial: Token[] }) {
  const [tokens, setTokens] = useState(initial);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const form = e.currentTarget;
    const data = new FormData(form);
    const res = await fetch('/v1/tokens', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ team, name: data.get('name'), role: data.get('role') }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      setError(body?.error?.message ?? `failed (${res.status})`);
      return;
    }
    setCreated(body.token);
    setTokens((t) => [...t, body]);
    form.reset();
  }

  async function revoke(id: string) {
    const res = await fetch(`/v1/tokens/${id}`, { method: 'DELETE' });
    if (res.ok) setTokens((t) => t.map((x) => (x.id === id ? { ...x, revoked_at: new Date().toISOString() } : x)));
  }

  return (
    <section className="card overflow-hidden">
      <h2 className="border-b border-slate-200 px-5 py-3 font-medium">API tokens</h2>
      <form onSubmit={create} className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-5 py-4">
        <label className="block flex-1">
          <span className="text-xs font-medium text-slate-600">Name</span>
          <input name="name" required placeholder="ci-pipeline" className="input mt-1" />
        </label>
        <label className="block">
          <span className="text-xs font-medium text-slate-600">Role</span>
          <select name="role" defaultValue="member" className="input mt-1 w-36">
            <option value="member">member</option>
            <option value="viewer">viewer</option>
            <option value="owner">owner</option>
          </select>
        </label>
        <button type="submit" className="btn-primary">
          Create token
        </button>
      </form>
      {error && <p className="px-5 py-2 text-sm text-rose-600">{error}</p>}
      {created && (
        <div className="border-b border-emerald-100 bg-emerald-50 px-5 py-3 text-sm">
          <p className="font-medium text-emerald-800">Copy this token now: it is shown once.</p>
          <code className="mt-1 block font-mono break-all text-emerald-900" data-testid="new-token">
            {created}
          </code>
        </div>
      )}
      <ul className="divide-y divide-slate-100 text-sm">
        {tokens.length === 0 && <li className="px-5 py-6 text-center text-slate-500">No tokens yet.</li>}
        {tokens.map((t) => (
          <li key={t.id} className="flex items-center gap-4 px-5 py-2.5">
            <span className="font-medium">{t.name}</span>
            <span className="font-mono text-xs text-slate-500">{t.prefix}…</span>
            <span className="text-xs text-slate-500">{t.role}</span>
            <span className="ml-auto text-xs text-slate-500">
              {t.revoked_at ? 'revoked' : t.last_used_at ? `last used ${t.last_used_at.slice(0, 16).replace('T', ' ')}` : 'never used'}
            </span>
            {!t.revoked_at && (
              <button type="button" onClick={() => revoke(t.id)} className="text-xs text-rose-600 hover:underline">
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
