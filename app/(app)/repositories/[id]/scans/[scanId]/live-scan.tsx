'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useReducer, useState } from 'react';
import { initialScanView, reduceScanView, type ScanView, type SseMessage } from '@/lib/events/scan-view';
import { SSE_TYPES, STREAM_END_TYPE } from '@/lib/events/sse-contract';
import { ScanStatusBadge, SeverityBadge } from '../../../../../_components/badges';
import { ArtifactList, type ArtifactItem } from '../../../../../_components/artifact-list';
import { CancelScanButton } from '../../../../../_components/cancel-scan-button';
import type { serializeScan } from '@/lib/scans/serialize';
import { plural } from '@/lib/web/format';
import { isTerminal } from '@/lib/db/statuses';
import { ARTIFACT_NAMES } from '@/lib/artifacts/names';
import { EvidencePanel } from './evidence-panel';
import { GatePanel } from './gate-panel';

/** What a scan audited the repository as (lib/v16/app-kind.ts), in words. */
const KIND_LABEL: Record<string, string> = { web: 'a web application', library: 'a library (its exported functions\' arguments are input)', cli: 'a command-line tool', serverless: 'a serverless function' };


type Scan = ReturnType<typeof serializeScan>;

function batchReducer(state: ScanView, msgs: SseMessage[]) {
  return msgs.reduce(reduceScanView, state);
}

export function LiveScan({ repositoryId, initial, canCancel, canDecide }: { repositoryId: string; initial: Scan; canCancel: boolean; canDecide: boolean }) {
  const [view, dispatch] = useReducer(batchReducer, undefined, initialScanView);
  const [connection, setConnection] = useState<'connecting' | 'live' | 'reconnecting' | 'closed'>('connecting');
  const [cancelRequested, setCancelRequested] = useState(!!initial.cancel_requested_at);
  const router = useRouter();
  // Whether this page saw the scan unfinished (fixed at mount: a refresh passes a newer `initial`).
  const [watching] = useState(() => !isTerminal(initial.status));

  useEffect(() => {
    const es = new EventSource(`/v1/repositories/${repositoryId}/scans/${initial.id}/stream`);
    // Coalesce bursts (a backlog replay is thousands of messages) into one render per frame.
    let queue: SseMessage[] = [];
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      const msgs = queue;
      queue = [];
      dispatch(msgs);
    };
    const onMessage = (e: MessageEvent) => {
      try {
        // The listener is registered per SSE type, so e.type is one of them (the contract's).
        queue.push({ id: Number(e.lastEventId), type: e.type, data: JSON.parse(e.data) } as SseMessage);
      } catch {
        return;
      }
      frame ??= requestAnimationFrame(flush);
      // The server ends the stream once the evidence is settled (after the verdict); do not reconnect.
      if (e.type === STREAM_END_TYPE) {
        es.close();
        setConnection('closed');
        // Watched to the end: the server-rendered parts (the commit scanned, the diff) catch up once.
        if (watching) router.refresh();
      }
    };
    SSE_TYPES.forEach((t) => es.addEventListener(t, onMessage as EventListener));
    es.onopen = () => setConnection('live');
    es.onerror = () => setConnection(es.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    return () => {
      es.close();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [repositoryId, initial.id, router, watching]);

  const status = phaseToStatus(view.phase, initial.status);
  const finished = isTerminal(status);
  const [artifacts, setArtifacts] = useState<ArtifactItem[]>([]);
  useEffect(() => {
    if (!finished) return;
    // The runner publishes them after the terminal event (and uploads take a
    // moment): ask until the set is complete, for a while.
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A load still under way when the page goes away must not schedule another.
    let gone = false;
    const load = async () => {
      const items: ArtifactItem[] = await fetch(`/v1/repositories/${repositoryId}/scans/${initial.id}/artifacts`)
        .then((r) => (r.ok ? r.json() : []))
        .catch(() => []);
      if (gone) return;
      setArtifacts(items);
      if (items.length < ARTIFACT_NAMES.length && ++tries < 20) timer = setTimeout(() => void load(), 1000);
    };
    void load();
    return () => {
      gone = true;
      clearTimeout(timer);
    };
  }, [finished, repositoryId, initial.id]);
  const total = view.progress?.total ?? initial.progress.total;
  const done = view.progress?.done ?? initial.progress.done;
  const pct = total > 0 ? Math.round((done / total) * 100) : finished ? 100 : 0;
  const current = view.steps.filter((s) => s.kind === 'audit' && s.state === 'running').at(-1);

  return (
    <div className="space-y-6">
      <div className="card p-5">
        <div className="flex flex-wrap items-center gap-3">
          <ScanStatusBadge status={status} />
          {cancelRequested && !finished && <span className="text-xs text-amber-700">cancellation requested…</span>}
          <span className="text-xs text-slate-500" data-testid="connection">
            stream: {connection}
          </span>
          <div className="ml-auto flex gap-2">
            <Link href={`/repositories/${repositoryId}/findings`} className="btn-secondary">
              All findings
            </Link>
            {canCancel && !finished && (
              <CancelScanButton repositoryId={repositoryId} scanId={initial.id} onRequested={() => setCancelRequested(true)} />
            )}
          </div>
        </div>
        <div className="mt-4">
          <div className="flex justify-between text-sm">
            <span data-testid="progress-label">
              {status === 'needs_input'
                ? 'waiting for a decision…'
                : total > 0
                  ? `component ${Math.min(done + (finished ? 0 : 1), total)} of ${total}`
                  : status === 'queued'
                    ? 'waiting for a runner…'
                    : 'planning…'}
              {current?.component && !finished && <span className="text-slate-500"> · {current.component}</span>}
            </span>
            <span className="text-slate-500">{pct}%</span>
          </div>
          <div className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
            <div
              className={`h-full rounded-full transition-all ${status === 'failed' ? 'bg-rose-500' : status === 'cancelled' ? 'bg-zinc-400' : 'bg-indigo-600'}`}
              style={{ width: `${pct}%` }}
            />
          </div>
        </div>
        {view.finalReason && (
          <p className="mt-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="final-reason">
            {view.finalReason}
          </p>
        )}
        {status === 'completed' && (
          <p className="mt-3 text-sm text-emerald-700" data-testid="final-state">
            Scan completed: {plural(view.findings.length, 'finding')} reported.
          </p>
        )}
        {finished && <EvidencePanel repositoryId={repositoryId} scanId={initial.id} settled={view.evidence} />}
      </div>

      {view.gate && !finished && <GatePanel key={view.gate.id} repositoryId={repositoryId} scanId={initial.id} gateId={view.gate.id} canDecide={canDecide} />}

      <div className="grid gap-6 lg:grid-cols-5">
        <section className="card overflow-hidden lg:col-span-2" aria-label="Steps">
          <h2 className="border-b border-slate-200 px-5 py-3 font-medium">Plan and steps</h2>
          <ol className="divide-y divide-slate-100 text-sm" data-testid="steps">
            {view.steps.length === 0 && <li className="px-5 py-6 text-center text-slate-500">No steps yet.</li>}
            {view.steps.map((s) => {
              const comp = view.plan?.components.find((c) => c.id === s.component);
              return (
                <li key={s.id} className="flex items-start gap-3 px-5 py-2.5" data-testid="step">
                  <StepIcon state={s.state} exitCode={s.exitCode} />
                  <div className="min-w-0 flex-1">
                    <div className="font-medium">{s.kind === 'plan' ? 'Plan the audit' : `Audit ${comp?.name ?? s.component}`}</div>
                    <div className="text-xs text-slate-500">
                      {s.state === 'running'
                        ? 'started'
                        : `finished · exit code ${s.exitCode}${s.findings !== null ? ` · ${plural(s.findings, 'finding')}` : ''}${s.durationMs !== null ? ` · ${s.durationMs} ms` : ''}`}
                      {comp && ` · ${plural(comp.files, 'file')}`}
                    </div>
                    {s.error && <div className="text-xs text-rose-600">{s.error}</div>}
                  </div>
                </li>
              );
            })}
          </ol>
          {view.plan && (
            <p className="border-t border-slate-100 px-5 py-2 text-xs text-slate-500">
              {plural(view.plan.components.length, 'component')} planned · {plural(view.plan.skippedCount, 'file')} not scanned (vendored, generated, minified or not audited)
              {view.plan.inputs && (
                <span className="block" title={view.plan.inputs.reason}>
                  Audited as {KIND_LABEL[view.plan.inputs.kind] ?? view.plan.inputs.kind}: {view.plan.inputs.reason}
                </span>
              )}
            </p>
          )}
        </section>

        <section className="card overflow-hidden lg:col-span-3" aria-label="Findings">
          <h2 className="border-b border-slate-200 px-5 py-3 font-medium">
            Findings <span className="text-slate-500">({view.findings.length})</span>
          </h2>
          <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto text-sm" data-testid="live-findings">
            {view.findings.length === 0 && <li className="px-5 py-6 text-center text-slate-500">Nothing found yet.</li>}
            {view.findings.map((f) => (
              <li key={f.fingerprint} className="flex items-center gap-3 px-5 py-2.5" data-testid="live-finding">
                <SeverityBadge severity={f.severity} />
                <div className="min-w-0 flex-1">
                  {f.branch ? (
                    <span className="font-medium">{f.title}</span>
                  ) : (
                    <Link href={`/repositories/${repositoryId}/findings/${f.id}`} className="font-medium hover:underline">
                      {f.title}
                    </Link>
                  )}
                  <div className="truncate font-mono text-xs text-slate-500">
                    {f.path}:{f.startLine} {f.cwe && `· ${f.cwe}`}
                  </div>
                </div>
                {f.isNew && <span className="text-xs text-indigo-600">new</span>}
              </li>
            ))}
          </ul>
        </section>
      </div>

      {finished && (
        <section className="card overflow-hidden" aria-label="Artifacts">
          <h2 className="border-b border-slate-200 px-5 py-3 font-medium">Artifacts</h2>
          <ArtifactList items={artifacts} />
        </section>
      )}

      <section className="card overflow-hidden" aria-label="Log">
        <h2 className="border-b border-slate-200 px-5 py-3 font-medium">Log</h2>
        <pre className="max-h-72 overflow-y-auto bg-slate-950 px-5 py-3 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap text-slate-200" data-testid="log">
          {view.logs.length === 0 ? <span className="text-slate-500">No log lines yet.</span> : null}
          {view.logs.map((l) => (
            <div key={l.id} className={l.level === 'error' ? 'text-rose-400' : l.level === 'warn' ? 'text-amber-300' : ''}>
              [{l.level}] {l.message}
            </div>
          ))}
        </pre>
      </section>
    </div>
  );
}

/** Until the stream says otherwise, the status the page was rendered with. */
function phaseToStatus(phase: ScanView['phase'], initial: string): string {
  return phase === 'waiting' ? initial : phase;
}

function StepIcon({ state, exitCode }: { state: string; exitCode: number | null }) {
  if (state === 'running') return <span className="mt-1 h-3 w-3 animate-pulse rounded-full bg-indigo-500" aria-label="running" />;
  if (exitCode === 0) return <span className="mt-1 h-3 w-3 rounded-full bg-emerald-500" aria-label="finished" />;
  return <span className="mt-1 h-3 w-3 rounded-full bg-rose-500" aria-label="failed" />;
}
