'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

const STATUSES = ['open', 'confirmed', 'false_positive', 'accepted_risk', 'fixed'] as const;

export function TriageForm(props: { repositoryId: string; findingId: string; status: string; note: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setMessage(null);
    const form = new FormData(e.currentTarget);
    const res = await fetch(`/v1/repositories/${props.repositoryId}/findings/${props.findingId}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: form.get('status'), note: String(form.get('note') ?? '') }),
    });
    setPending(false);
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      setMessage(body?.error?.message ?? `failed (${res.status})`);
      return;
    }
    setMessage('Saved.');
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="card space-y-3 p-5">
      <h2 className="font-medium">Triage</h2>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Status</span>
        <select name="status" defaultValue={props.status} className="input mt-1" aria-label="Status">
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Note</span>
        <textarea name="note" defaultValue={props.note} rows={3} className="input mt-1" aria-label="Note" placeholder="Why?" />
      </label>
      <div className="flex items-center justify-between">
        <span className="text-xs text-slate-500" role="status">
          {message}
        </span>
        <button type="submit" disabled={pending} className="btn-primary">
          {pending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
