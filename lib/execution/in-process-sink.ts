import { isDatabaseUnavailable } from '../db/unavailable';
import { DELIVERY_BUDGET_MS } from '../runner/delivery';
import type { EventSink } from '../runner/batcher';
import { retryingSink } from '../runner/retrying-sink';
import { ingestBatch } from '../ingest/ingest-batch';

/**
 * A runner's sink straight into Postgres (thread mode, the bench's no-op
 * runner): the same ingest as the API's, and a database outage is waited
 * out (batches are idempotent by sequence number), not lost.
 */
export function ingestSink(scan: { id: string; attempt: number }, leaseSeconds: number): EventSink {
  return retryingSink(
    {
      write: async (events, batchSeq) => {
        const r = await ingestBatch({ scanId: scan.id, attempt: scan.attempt, events, leaseSeconds, batchSeq });
        return { accepted: r.accepted, cancelRequested: r.cancelRequested };
      },
    },
    { budgetMs: DELIVERY_BUDGET_MS, isTransient: isDatabaseUnavailable },
  );
}
