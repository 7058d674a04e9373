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
    const url = `${this.o.apiUrl}/v1/scans/${this.o.scanId}/events`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.o.token}` },
        body: JSON.stringify({ attempt: this.o.attempt, batch_seq: seq, events }),
      });
    } catch (err) {
      throw new TransientDeliveryError(`the API is unreachable: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const body = (await res.json().catch(() => ({}))) as { cancel_requested?: boolean };
    if (res.ok) return { accepted: true, cancelRequested: !!body.cancel_requested };
    if (res.status === 409 || res.status === 404) return { accepted: false, cancelRequested: !!body.cancel_requested };
    if (res.status >= 500) throw new TransientDeliveryError(`the API answered HTTP ${res.status} ${JSON.stringify(body)}`);
    throw new Error(`the API refused a batch: HTTP ${res.status} ${JSON.stringify(body)}`);
  }
}
