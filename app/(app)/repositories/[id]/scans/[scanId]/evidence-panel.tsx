'use client';

import { useEffect, useState } from 'react';

type Check =
  | { state: 'sealing' }
  | { state: 'missing'; reason: string }
  | { state: 'verified'; evidenceId: string; head: string; signed: boolean }
  | { state: 'invalid'; error: string };

/**
 * The scan's record after its verdict: "evidence sealed · verified" with a
 * download, or why there is no envelope (the stream is a hint, the envelope
 * is the record). Verified by the server on every view.
 */
export function EvidencePanel({ repositoryId, scanId, settled }: { repositoryId: string; scanId: string; settled: unknown }) {
  const [check, setCheck] = useState<Check>({ state: 'sealing' });
  useEffect(() => {
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A load still under way when the panel goes away must not schedule another.
    let gone = false;
    const load = async () => {
      const res = await fetch(`/v1/repositories/${repositoryId}/scans/${scanId}/evidence/verify`).catch(() => null);
      const body = res ? await res.json().catch(() => null) : null;
      if (gone) return;
      if (res?.ok && body) {
        setCheck(body.valid ? { state: 'verified', evidenceId: body.evidence_id, head: body.head, signed: body.signed } : { state: 'invalid', error: body.error });
        return;
      }
      const reason: string | undefined = body?.error?.message;
      // Not sealed yet: ask again for a while; a sealing failure says why at once.
      if (reason && /sealing failed/.test(reason)) setCheck({ state: 'missing', reason });
      else if (++tries < 30) timer = setTimeout(() => void load(), 1000);
      else setCheck({ state: 'missing', reason: reason ?? 'no evidence envelope yet' });
    };
    void load();
    return () => {
      gone = true;
      clearTimeout(timer);
    };
  }, [repositoryId, scanId, settled]);

  const download = `/v1/repositories/${repositoryId}/scans/${scanId}/evidence`;
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3 rounded-md border border-slate-200 px-3 py-2 text-sm" data-testid="evidence">
      {check.state === 'sealing' && <span className="text-slate-500">Sealing the evidence envelope…</span>}
      {check.state === 'verified' && (
        <>
          <span className="font-medium text-emerald-700">evidence sealed · verified</span>
          <span className="font-mono text-xs text-slate-500" title={check.head}>
            head {check.head.slice(0, 16)}…{check.signed ? ' · Ed25519 signed' : ''}
          </span>
          <a className="ml-auto text-indigo-700 hover:underline" href={download}>
            Download evidence.json
          </a>
        </>
      )}
      {check.state === 'invalid' && <span className="font-medium text-rose-700">evidence envelope does NOT verify: {check.error}</span>}
      {check.state === 'missing' && <span className="text-amber-700">No evidence envelope: {check.reason}</span>}
    </div>
  );
}
