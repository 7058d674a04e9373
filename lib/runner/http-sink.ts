import type { V16Event } from '../v16/types';
import type { EventSink, SinkResult } from './batcher';
import { TransientDeliveryError } from './retrying-sink';

/**
 * A runner's sink: batches go to `POST /v1/scans/:id/events` with the scan
 * token. A refusal (409/404) means another attempt holds the scan: the runner
 * stops. Network errors and 5xx are transient (wrap in `retryingSink`); any
 * other 4xx is a bug worth failing on.
 */
export class HttpSink implements EventSink {
  constructor(private readonly o: { apiUrl: string; scanId: string; attempt: number; token: string }) {}

  async write(events: V16Event[], seq: number): Promise<SinkResult> {
    const reply = await runnerRequest<{ cancel_requested?: boolean }>(`${this.o.apiUrl}/v1/scans/${this.o.scanId}/events`, this.o.token, 'a batch', {
      method: 'POST',
      body: JSON.stringify({ attempt: this.o.attempt, batch_seq: seq, events }),
    });
    return { accepted: reply.held, cancelRequested: !!reply.body.cancel_requested };
  }
}

/**
 * One call of a runner to the API with its scan token. `held: false` when the
 * API says the attempt no longer holds the scan (409/404); network errors and
 * 5xx throw TransientDeliveryError (worth retrying); any other 4xx is a bug.
 */
export async function runnerRequest<T>(url: string, token: string, what: string, init: RequestInit = {}): Promise<{ held: boolean; body: T }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
  } catch (err) {
    throw new TransientDeliveryError(`the API is unreachable: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const body = (await res.json().catch(() => ({}))) as T;
  if (res.ok) return { held: true, body };
  if (res.status === 409 || res.status === 404) return { held: false, body };
  if (res.status >= 500) throw new TransientDeliveryError(`the API answered HTTP ${res.status} ${JSON.stringify(body)}`);
  throw new Error(`the API refused ${what}: HTTP ${res.status} ${JSON.stringify(body)}`);
}
