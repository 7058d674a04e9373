'use client';

import { useState } from 'react';

export function CancelScanButton(props: { repositoryId: string; scanId: string; onRequested?: () => void; compact?: boolean }) {
  const [state, setState] = useState<'idle' | 'pending' | 'requested' | 'error'>('idle');
  const [message, setMessage] = useState<string | null>(null);

  async function cancel() {
    setState('pending');
    const res = await fetch(`/v1/repositories/${props.repositoryId}/scans/${props.scanId}`, { method: 'DELETE' });
    if (res.ok) {
      setState('requested');
      props.onRequested?.();
      return;
    }
    const body = await res.json().catch(() => null);
    setState('error');
    setMessage(body?.error?.message ?? `failed (${res.status})`);
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={cancel}
        disabled={state === 'pending' || state === 'requested'}
        className={props.compact ? 'btn-secondary px-2 py-1 text-xs' : 'btn-danger'}
      >
        {state === 'requested' ? 'Cancelling…' : 'Cancel scan'}
      </button>
      {message && <span className="text-xs text-rose-600">{message}</span>}
    </span>
  );
}
