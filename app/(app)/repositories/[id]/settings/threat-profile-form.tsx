'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

export interface ThreatProfileView {
  version: number;
  description: string;
  trust_boundaries: string[];
  weakness_classes: string[];
  kind: string;
  is_default: boolean;
  versions: { version: number; created_at: string | null; created_by: string | null }[];
}

const lines = (text: string) => text.split('\n').map((s) => s.trim()).filter(Boolean);

/** Edits the repository's threat profile; every save is a new version (PUT …/threat-profile). */
export function ThreatProfileForm(props: { repositoryId: string; profile: ThreatProfileView; canEdit: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const p = props.profile;

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setMessage(null);
    const form = new FormData(e.currentTarget);
    const res = await fetch(`/v1/repositories/${props.repositoryId}/threat-profile`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        description: String(form.get('description') ?? ''),
        trust_boundaries: lines(String(form.get('trust_boundaries') ?? '')),
        weakness_classes: String(form.get('weakness_classes') ?? '').split(/[\s,]+/).filter(Boolean),
        kind: String(form.get('kind') ?? 'auto'),
        base_version: p.version,
      }),
    });
    setPending(false);
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      setMessage({ ok: false, text: body?.error?.message ?? `failed (${res.status})` });
      return;
    }
    setMessage({ ok: true, text: `Saved as version ${body.version}. The next scan plans with it.` });
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="card space-y-4 p-5" data-testid="threat-profile-form">
      <div className="flex items-baseline justify-between">
        <h2 className="font-medium">Threat profile</h2>
        <span className="text-xs text-slate-500" data-testid="threat-profile-version">
          version {p.version}
          {p.is_default && ' (default for a web application)'}
        </span>
      </div>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">What the application is</span>
        <textarea name="description" defaultValue={p.description} rows={2} className="input mt-1" aria-label="Description" disabled={!props.canEdit} required />
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">What kind of software it is (decides what the engine treats as untrusted input)</span>
        <select name="kind" defaultValue={p.kind} className="input mt-1" aria-label="Kind" disabled={!props.canEdit}>
          <option value="auto">Infer from the repository (package.json, pyproject.toml, serverless.yml)</option>
          <option value="web">Web application: requests are input</option>
          <option value="library">Library: the arguments of its exported functions are input</option>
          <option value="cli">Command-line tool: its arguments and environment are input</option>
          <option value="serverless">Serverless function: the events it handles are input</option>
        </select>
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Trust boundaries (one per line)</span>
        <textarea name="trust_boundaries" defaultValue={p.trust_boundaries.join('\n')} rows={4} className="input mt-1" aria-label="Trust boundaries" disabled={!props.canEdit} />
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Weakness classes that matter (CWE ids, e.g. CWE-89 CWE-78; empty = all)</span>
        <input name="weakness_classes" defaultValue={p.weakness_classes.join(' ')} className="input mt-1 font-mono" aria-label="Weakness classes" disabled={!props.canEdit} />
      </label>
      <div className="flex items-center justify-between">
        <p className={`text-sm ${message?.ok === false ? 'text-rose-700' : 'text-emerald-700'}`} role="status">
          {message?.text ?? (props.canEdit ? '' : 'Viewers can read the profile; members and owners edit it.')}
        </p>
        {props.canEdit && (
          <button type="submit" className="btn-primary" disabled={pending}>
            {pending ? 'Saving…' : 'Save as new version'}
          </button>
        )}
      </div>
      <details className="text-xs text-slate-500">
        <summary>History ({p.versions.length} version{p.versions.length === 1 ? '' : 's'})</summary>
        <ul className="mt-2 space-y-1">
          {p.versions.map((v) => (
            <li key={v.version}>
              version {v.version} · {v.created_at ? new Date(v.created_at).toLocaleString() : 'default'}
              {v.created_by && ` · ${v.created_by}`}
            </li>
          ))}
        </ul>
      </details>
    </form>
  );
}
