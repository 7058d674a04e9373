'use client';

import { useState } from 'react';

/** Whether this repository's scans stop after planning until a team owner approves (owners change it). */
export function PlanReviewCard({ repositoryId, initial, canEdit }: { repositoryId: string; initial: boolean; canEdit: boolean }) {
  const [on, setOn] = useState(initial);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function toggle(next: boolean) {
    // Shown at once; put back if the server says no.
    setOn(next);
    setBusy(true);
    setMessage(null);
    const res = await fetch(`/v1/repositories/${repositoryId}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ plan_review: next }),
    });
    const body = await res.json().catch(() => null);
    setBusy(false);
    if (!res.ok) {
      setOn(!next);
      setMessage({ ok: false, text: body?.error?.message ?? `failed (${res.status})` });
      return;
    }
    setOn(body.plan_review);
    setMessage({ ok: true, text: body.plan_review ? 'Scans started from now on wait for plan review.' : 'Scans started from now on go straight from plan to audit.' });
  }

  return (
    <section className="card overflow-hidden" data-testid="plan-review-card">
      <h2 className="border-b border-slate-200 px-5 py-3 font-medium">Plan review</h2>
      <div className="space-y-3 px-5 py-4">
        <label className="flex items-start gap-3 text-sm">
          <input type="checkbox" className="mt-0.5" checked={on} disabled={!canEdit || busy} onChange={(e) => void toggle(e.target.checked)} data-testid="plan-review-toggle" />
          <span>
            <span className="font-medium">Require plan review before audits</span>
            <span className="block text-slate-600">
              After planning, each scan waits (status <code>needs_input</code>) showing its components, what is left out and the estimated cost. A team owner
              approves, drops components, or aborts before anything is audited or spent. Without a decision the scan is aborted when the gate times out.
            </span>
          </span>
        </label>
        {!canEdit && <p className="text-xs text-slate-500">Only the team’s owners can change this.</p>}
        {message && <p className={`text-sm ${message.ok ? 'text-emerald-700' : 'text-red-700'}`}>{message.text}</p>}
      </div>
    </section>
  );
}
