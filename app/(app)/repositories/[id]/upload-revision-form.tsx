'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** "Upload a new version": a new revision of an upload repository (POST …/snapshots); the next scan scans it. */
export function UploadRevisionForm({ repositoryId }: { repositoryId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    const body = new FormData();
    body.set('file', form.get('file') as File);
    for (const k of ['commit_sha', 'ref']) {
      const v = String(form.get(k) ?? '').trim();
      if (v) body.set(k, v);
    }
    const res = await fetch(`/v1/repositories/${repositoryId}/snapshots`, { method: 'POST', body });
    const reply = await res.json().catch(() => null);
    setPending(false);
    if (!res.ok) {
      setError(reply?.error?.message ?? `Upload failed (${res.status})`);
      return;
    }
    setAdded(`${reply.file_count.toLocaleString()} files${reply.ref ? ` · ${reply.ref}` : ''}${reply.commit_sha ? ` @ ${reply.commit_sha.slice(0, 7)}` : ''}`);
    setOpen(false);
    router.refresh();
  }

  if (!open) {
    return (
      <div className="flex items-center gap-3">
        <button type="button" className="btn-secondary" onClick={() => { setOpen(true); setAdded(null); }}>
          Upload a new version
        </button>
        {added && <span className="text-sm text-emerald-700" role="status">New version added: {added}. The next scan scans it.</span>}
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="card space-y-4 p-5" aria-label="Upload a new version">
      <h2 className="font-medium">Upload a new version</h2>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Archive (.zip or .tar.gz)</span>
        <input name="file" type="file" required accept=".zip,.tar.gz,.tgz" className="mt-1 block w-full text-sm" />
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Commit (optional)</span>
          <input name="commit_sha" className="input mt-1 font-mono" placeholder="e.g. 3f2a9c1" maxLength={64} />
        </label>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Branch or tag (optional)</span>
          <input name="ref" className="input mt-1" placeholder="e.g. main" maxLength={255} />
        </label>
      </div>
      {error && <p className="text-sm text-rose-600" role="alert">{error}</p>}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? 'Uploading…' : 'Add version'}
        </button>
        <button type="button" className="btn-secondary" onClick={() => setOpen(false)} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
