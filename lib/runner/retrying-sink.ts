import type { EventSink } from './batcher';

/** An outage worth waiting out (API unreachable, 5xx, database restarting), not a refusal. */
export class TransientDeliveryError extends Error {}

export interface RetryOptions {
  budgetMs: number;
  isTransient?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number) => void;
}

/**
 * Calls `fn` through outages with capped exponential backoff, for up to
 * `budgetMs`. Anything not transient is thrown at once. Only for calls that
 * are safe to repeat (a batch carries its sequence number; attaching a
 * snapshot twice answers the same).
 */
export async function retrying<T>(fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  const transient = (err: unknown) => err instanceof TransientDeliveryError || (o.isTransient?.(err) ?? false);
  const deadline = Date.now() + o.budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const wait = Math.min(5_000, 200 * 2 ** (attempt - 1));
      if (!transient(err) || Date.now() + wait > deadline) throw err;
      o.onRetry?.(err, attempt);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * Retries a sink's writes through outages (see `retrying`), for up to
 * `budgetMs` per batch. Safe because a batch carries its sequence number: a
 * retry of a batch that did commit is recognised and not stored twice.
 */
export function retryingSink(sink: EventSink, o: RetryOptions): EventSink {
  return { write: (events, seq) => retrying(() => sink.write(events, seq), o) };
}
