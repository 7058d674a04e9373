import { z } from 'zod';
import { env } from '@/lib/env';
import { ApiError } from '@/lib/api/errors';
import { json, readJson } from '@/lib/api/route';
import { runnerRoute } from '@/lib/api/runner-route';
import { ingestBatch } from '@/lib/ingest/ingest-batch';

export const dynamic = 'force-dynamic';

const postEventsBodySchema = z.object({
  attempt: z.number().int().min(1),
  /** Numbers this attempt's batches from 1; a batch sent again is acknowledged, not stored twice. */
  batch_seq: z.number().int().min(1).optional(),
  /** Checked by ingest against the engine's event schema: 422 naming the field, nothing stored. */
  events: z.array(z.unknown()).min(1).max(1000),
});

// POST /v1/scans/:scanId/events – a runner's batch of engine events (scan token; fenced by attempt)
export const POST = runnerRoute(async ({ request, claims }) => {
  const body = await readJson(request, postEventsBodySchema);
  if (body.attempt !== claims.attempt) throw new ApiError('attempt_mismatch', 403, 'the token was issued for another attempt');
  const result = await ingestBatch({
    scanId: claims.scanId,
    attempt: claims.attempt,
    events: body.events,
    batchSeq: body.batch_seq,
    leaseSeconds: env().VEGA_SCAN_LEASE_SECONDS,
  });
  if (!result.accepted) {
    // 409: this attempt no longer holds the scan; the runner must stop and write nothing more.
    return json(
      { error: { code: `scan_${result.reason}`, message: `refused: the scan is ${result.status ?? 'gone'} and this attempt no longer holds it` }, cancel_requested: result.cancelRequested },
      result.reason === 'not_found' ? 404 : 409,
    );
  }
  return json({
    accepted: true,
    duplicate: result.duplicate ?? false,
    status: result.status,
    cancel_requested: result.cancelRequested,
    last_event_id: result.lastEventId,
  });
});
