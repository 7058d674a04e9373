import type { EventSink } from './batcher';

/** An outage worth waiting out (API unreachable, 5xx, database restarting), not a refusal. */
export class TransientDeliveryError extends Error {}

/**
 * Retries a sink's writes through outages with capped exponential backoff,
 * for up to `budgetMs` per batch. Safe because a batch carries its sequence
 * number: a retry of a batch that did commit is recognised and not stored
 * twice. Anything not transient is thrown at once.
 */
export function retryingSink(
  sink: EventSink,
  o: { budgetMs: number; isTransient?: (err: unknown) => boolean; onRetry?: (err: unknown, attempt: number) => void },
): EventSink {
  const transient = (err: unknown) => err instanceof TransientDeliveryError || (o.isTransient?.(err) ?? false);
  return {
    async write(events, seq) {
      const deadline = Date.now() + o.budgetMs;
      for (let attempt = 1; ; attempt++) {
        try {
          return await sink.write(events, seq);
        } catch (err) {
          const wait = Math.min(5_000, 200 * 2 ** (attempt - 1));
          if (!transient(err) || Date.now() + wait > deadline) throw err;
          o.onRetry?.(err, attempt);
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    },
  };
}
