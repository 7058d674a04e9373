import type { V16Event } from '../v16/types';
import type { EventSink, SinkResult } from './batcher';

const RETRIES = 5;

/**
 * A runner's sink: batches go to `POST /v1/scans/:id/events` with the scan
 * token. A refusal (409/404) means another attempt holds the scan: the runner
 * stops. Network errors and 5xx are retried with backoff; the batch's
 * sequence number makes a retry of a batch that did commit harmless.
 */
export class HttpSink implements EventSink {
  constructor(
    private readonly o: { apiUrl: string; scanId: string; attempt: number; token: string },
  ) {}

  async write(events: V16Event[], seq: number): Promise<SinkResult> {
    const url = `${this.o.apiUrl}/v1/scans/${this.o.scanId}/events`;
    let lastError = '';
    for (let i = 0; i < RETRIES; i++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.o.token}` },
          body: JSON.stringify({ attempt: this.o.attempt, batch_seq: seq, events }),
        });
        const body = (await res.json().catch(() => ({}))) as { cancel_requested?: boolean };
        if (res.ok) return { accepted: true, cancelRequested: !!body.cancel_requested };
        if (res.status === 409 || res.status === 404) return { accepted: false, cancelRequested: !!body.cancel_requested };
        if (res.status < 500) throw new Error(`the API refused a batch: HTTP ${res.status} ${JSON.stringify(body)}`);
        lastError = `HTTP ${res.status}`;
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('the API refused')) throw err;
        lastError = err instanceof Error ? err.message : String(err);
      }
      await new Promise((r) => setTimeout(r, 200 * 2 ** i));
    }
    throw new Error(`could not deliver events after ${RETRIES} tries (${lastError})`);
  }
}
