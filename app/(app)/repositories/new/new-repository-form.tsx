'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

type Kind = 'upload' | 'git' | 'local';

export function NewRepositoryForm(props: { teams: { slug: string; name: string }[]; allowLocal: boolean; localRoots: string[]; allowFileGit: boolean }) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>('upload');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    const team = String(form.get('team') ?? '');
    let res: Response;
    if (kind === 'upload') {
      const body = new FormData();
      body.set('name', name);
      body.set('team', team);
      body.set('file', form.get('file') as File);
      res = await fetch('/v1/repositories', { method: 'POST', body });
    } else {
      const source =
        kind === 'git'
          ? {
              type: 'git',
              url: String(form.get('url')).trim(),
              ref: String(form.get('ref') ?? '').trim() || undefined,
              ...(String(form.get('token') ?? '')
                ? { credentials: { type: 'https_token', token: String(form.get('token')), ...(String(form.get('username') ?? '').trim() ? { username: String(form.get('username')).trim() } : {}) } }
                : {}),
            }
          : { type: 'local', path: String(form.get('path')).trim() };
      res = await fetch('/v1/repositories', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, team, source }),
      });
    }
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      setPending(false);
      setError(body?.error?.message ?? `Request failed (${res.status})`);
      return;
    }
    router.push(`/repositories/${body.id}`);
  }

  const tabs: { id: Kind; label: string }[] = [
    { id: 'upload', label: 'Upload an archive' },
    { id: 'git', label: 'Git URL' },
    ...(props.allowLocal ? [{ id: 'local' as const, label: 'Directory on the server' }] : []),
  ];

  return (
    <form onSubmit={onSubmit} className="card space-y-5 p-6">
      <div role="tablist" className="flex gap-1 rounded-lg bg-slate-100 p-1 text-sm">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={kind === t.id}
            onClick={() => setKind(t.id)}
            className={`flex-1 rounded-md px-3 py-1.5 ${kind === t.id ? 'bg-white font-medium shadow-sm' : 'text-slate-600 hover:text-slate-900'}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Name</span>
        <input name="name" required={kind !== 'upload'} placeholder="payments-api" className="input mt-1" />
      </label>
      {props.teams.length > 1 && (
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Team</span>
          <select name="team" className="input mt-1">
            {props.teams.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {props.teams.length === 1 && <input type="hidden" name="team" value={props.teams[0].slug} />}
      {kind === 'upload' && (
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Archive (.zip or .tar.gz)</span>
          <input name="file" type="file" required accept=".zip,.tar.gz,.tgz,application/zip,application/gzip" className="input mt-1" />
        </label>
      )}
      {kind === 'git' && (
        <div className="grid grid-cols-3 gap-3">
          <label className="col-span-2 block">
            <span className="text-sm font-medium text-slate-700">Repository URL</span>
            <input name="url" required placeholder={props.allowFileGit ? 'https://… or file:///path/to/repo' : 'https://github.com/org/repo.git'} className="input mt-1" />
          </label>
          <label className="block">
            <span className="text-sm font-medium text-slate-700">Branch to track</span>
            <input name="ref" placeholder="default branch" className="input mt-1" />
          </label>
          <label className="block">
            <span className="text-sm font-medium text-slate-700">Username (private repository)</span>
            <input name="username" placeholder="x-access-token" autoComplete="off" className="input mt-1" />
          </label>
          <label className="col-span-2 block">
            <span className="text-sm font-medium text-slate-700">Access token (private repository)</span>
            <input name="token" type="password" autoComplete="new-password" className="input mt-1" />
          </label>
          <p className="col-span-3 text-xs text-slate-500">
            The branch is tracked: every scan fetches its newest commit (depth 1, without hooks or submodules). A token is stored encrypted, given to git
            only through its password prompt, and never shown again.
          </p>
        </div>
      )}
      {kind === 'local' && (
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Absolute path on the server</span>
          <input name="path" required placeholder="/srv/checkouts/app" className="input mt-1" />
          <span className="mt-1 block text-xs break-all text-slate-500">
            Platform admins only; re-read at every scan.{' '}
            {props.localRoots.length > 0 ? `Allowed under: ${props.localRoots.join(', ')} (VEGA_LOCAL_SOURCE_ROOTS).` : 'No directory is allowed: VEGA_LOCAL_SOURCE_ROOTS is empty.'}
          </span>
        </label>
      )}
      {error && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {error}
        </p>
      )}
      <div className="flex justify-end">
        <button type="submit" disabled={pending} className="btn-primary">
          {pending ? 'Taking a snapshot…' : 'Add repository'}
        </button>
      </div>
    </form>
  );
}
