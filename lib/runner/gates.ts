import type { GateJson } from '../gates/model';
import type { GateAnswer, GateRequest } from '../v16/types';
import { TransientDeliveryError } from './retrying-sink';
import { runnerRequest } from './http-sink';

/** What the API answers a runner about a gate. */
export interface RunnerGateReply {
  gate: GateJson;
  cancel_requested: boolean;
}

/** How a runner reaches gates: over HTTP (its scan token) or, in thread mode, the database directly. Null = the attempt lost the scan. */
export interface GateTransport {
  open(request: GateRequest): Promise<RunnerGateReply | null>;
  poll(gateId: string): Promise<RunnerGateReply | null>;
}

/** The engine's view of a resolved gate; null while it is open. */
export function answerOf(gate: GateJson): GateAnswer | null {
  if (gate.status === 'open') return null;
  if (gate.status === 'closed') return { action: 'cancelled' };
  const timedOut = gate.status === 'timed_out';
  if (gate.decision === 'approve') {
    const drop = gate.decision_detail?.drop_components;
    return { action: 'approve', dropComponents: Array.isArray(drop) ? (drop as string[]) : [], decidedBy: gate.decided_by, timedOut };
  }
  return { action: gate.decision as 'abort' | 'increase' | 'finish', decidedBy: gate.decided_by, timedOut };
}

export interface WaitOptions {
  /** Stop waiting: SIGTERM, cancel seen by the batcher, orphaned. */
  stopped: () => boolean;
  /** The attempt lost the scan while waiting. */
  onLost: () => void;
  /** Keep retrying unreachable API / database for this long since the last answer. */
  budgetMs: number;
  pollMs?: number;
  log?: (message: string) => void;
}

/**
 * Opens a gate and polls it until it is decided, times out, the scan is
 * cancelled, or the attempt is lost. The decision lives in Postgres, so a
 * runner that dies here loses nothing: the next attempt reaches the same gate.
 */
export async function waitForGate(transport: GateTransport, request: GateRequest, o: WaitOptions): Promise<GateAnswer> {
  const pollMs = o.pollMs ?? 1000;
  let lastAnswer = Date.now();
  const call = async (fn: () => Promise<RunnerGateReply | null>): Promise<RunnerGateReply | null | 'retry'> => {
    try {
      const reply = await fn();
      lastAnswer = Date.now();
      return reply;
    } catch (err) {
      if (!(err instanceof TransientDeliveryError) || Date.now() - lastAnswer > o.budgetMs) throw err;
      o.log?.(`gate: ${err.message}; retrying`);
      return 'retry';
    }
  };
  let opened: RunnerGateReply | null | 'retry' = 'retry';
  while (opened === 'retry') {
    if (o.stopped()) return { action: 'cancelled' };
    opened = await call(() => transport.open(request));
    if (opened === 'retry') await sleep(pollMs);
  }
  if (opened === null) {
    o.onLost();
    return { action: 'cancelled' };
  }
  const gateId = opened.gate.id;
  let reply: RunnerGateReply | null | 'retry' = opened;
  for (;;) {
    if (reply === null) {
      o.onLost();
      return { action: 'cancelled' };
    }
    if (reply !== 'retry') {
      const answer = answerOf(reply.gate);
      if (answer) return answer;
      if (reply.cancel_requested) return { action: 'cancelled' };
    }
    if (o.stopped()) return { action: 'cancelled' };
    await sleep(pollMs);
    reply = await call(() => transport.poll(gateId));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The runner's transport: `/v1/scans/:id/runner/gates[/:gateId]` with its scan token. */
export function httpGateTransport(o: { apiUrl: string; scanId: string; token: string }): GateTransport {
  const request = async (path: string, init?: RequestInit): Promise<RunnerGateReply | null> => {
    const reply = await runnerRequest<RunnerGateReply>(`${o.apiUrl}/v1/scans/${o.scanId}/runner/gates${path}`, o.token, 'a gate request', init);
    return reply.held ? reply.body : null;
  };
  return {
    open: (req) => request('', { method: 'POST', body: JSON.stringify(req) }),
    poll: (gateId) => request(`/${gateId}`),
  };
}
