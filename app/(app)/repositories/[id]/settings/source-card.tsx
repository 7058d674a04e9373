'use client';

import { useState } from 'react';

type CredentialStatus = { set: boolean; updated_at: string | null; last_used_at: string | null };

/** The branch whose scans own finding state, and (git) the credential a private remote needs. Owners change them. */
export function SourceCard(props: { repositoryId: string; sourceType: string; defaultRef: string | null; credential: CredentialStatus; canEdit: boolean }) {
  const [defaultRef, setDefaultRef] = useState(props.defaultRef ?? '');
  const [credential, setCredential] = useState(props.credential);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function call(path: string, method: string, body?: unknown) {
    setBusy(true);
    setMessage(null);
    const res = await fetch(`/v1/repositories/${props.repositoryId}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const reply = res.status === 204 ? null : await res.json().catch(() => null);
    setBusy(false);
    if (!res.ok) setMessage({ ok: false, text: reply?.error?.message ?? `failed (${res.status})` });
    return res.ok ? (reply ?? {}) : null;
  }

  async function saveRef(e: React.FormEvent) {
    e.preventDefault();
    const reply = await call('', 'PATCH', { default_ref: defaultRef.trim() });
    if (reply) setMessage({ ok: true, text: `Scans now track ${reply.default_ref}; other refs are branch scans.` });
  }

  async function saveCredential(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const username = String(data.get('username') ?? '').trim();
    const reply = await call('/credentials', 'PUT', { type: 'https_token', token: String(data.get('token') ?? ''), ...(username ? { username } : {}) });
    if (reply) {
      form.reset();
      setCredential(reply);
      setMessage({ ok: true, text: 'Credential saved (encrypted). The next scan fetches with it.' });
    }
  }

  async function removeCredential() {
    if ((await call('/credentials', 'DELETE')) !== null) {
      setCredential({ set: false, updated_at: null, last_used_at: null });
      setMessage({ ok: true, text: 'Credential removed.' });
    }
  }

  return (
    <section className="card overflow-hidden" data-testid="source-card">
      <h2 className="border-b border-slate-200 px-5 py-3 font-medium">Source</h2>
      <div className="space-y-5 px-5 py-4 text-sm">
        <form onSubmit={saveRef} className="space-y-1">
          <label htmlFor="default-ref" className="font-medium">
            Default branch
          </label>
          <p className="text-slate-600">Its scans keep the findings (fixed, reopened, triage); scans of other refs are branch scans.</p>
          <div className="flex flex-wrap items-center gap-3 pt-1">
            <input id="default-ref" className="input w-60" value={defaultRef} onChange={(e) => setDefaultRef(e.target.value)} disabled={!props.canEdit || busy} placeholder="main" maxLength={255} />
            {props.canEdit && (
              <button type="submit" className="btn-secondary" disabled={busy || defaultRef.trim() === '' || defaultRef.trim() === props.defaultRef}>
                Save
              </button>
            )}
          </div>
        </form>
        {props.sourceType === 'git' && (
          <div className="space-y-2 border-t border-slate-100 pt-4">
            <p className="font-medium">Access token for a private remote</p>
            <p className="text-slate-600" data-testid="credential-status">
              {credential.set
                ? `Set ${credential.updated_at ? new Date(credential.updated_at).toLocaleString() : ''}; ${credential.last_used_at ? `last used ${new Date(credential.last_used_at).toLocaleString()}` : 'not used yet'}. It is stored encrypted and never shown again.`
                : 'None: the remote is fetched anonymously.'}
            </p>
            {props.canEdit && (
              <form onSubmit={saveCredential} className="flex flex-wrap items-end gap-3">
                <label className="block">
                  <span className="text-slate-700">Username (optional)</span>
                  <input name="username" className="input mt-1 w-48" placeholder="x-access-token" autoComplete="off" maxLength={200} />
                </label>
                <label className="block">
                  <span className="text-slate-700">Token</span>
                  <input name="token" type="password" required className="input mt-1 w-72" autoComplete="new-password" maxLength={4096} />
                </label>
                <button type="submit" className="btn-secondary" disabled={busy}>
                  {credential.set ? 'Replace' : 'Save'}
                </button>
                {credential.set && (
                  <button type="button" className="btn-secondary" disabled={busy} onClick={() => void removeCredential()}>
                    Remove
                  </button>
                )}
              </form>
            )}
          </div>
        )}
        {!props.canEdit && <p className="text-xs text-slate-500">Only the team’s owners can change these.</p>}
        {message && (
          <p className={message.ok ? 'text-emerald-700' : 'text-red-700'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
      </div>
    </section>
  );
}
