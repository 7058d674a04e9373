'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

export function StartScanButton({ repositoryId }: { repositoryId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setPending(true);
    setError(null);
    const res = await fetch(`/v1/repositories/${repositoryId}/scans`, {
      method: 'POST',
      // One key per click: a retried request cannot queue the scan twice.
      headers: { 'Idempotency-Key': `${Date.now()}-${Math.random().toString(36).slice(2)}` },
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      setPending(false);
      setError(body?.error?.message ?? `Could not start the scan (${res.status})`);
      return;
    }
    router.push(`/repositories/${repositoryId}/scans/${body.id}`);
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <button type="button" onClick={start} disabled={pending} className="btn-primary">
        {pending ? 'Starting…' : 'Start scan'}
      </button>
      {error && <span className="text-xs text-rose-600">{error}</span>}
    </div>
  );
}
