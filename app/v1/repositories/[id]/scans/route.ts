import { env } from '@/lib/env';
import { ApiError } from '@/lib/api/errors';
import { z } from 'zod';
import { apiRoute, json, readJson } from '@/lib/api/route';
import { ENGINES } from '@/lib/runner/engine-backend';
import { decodeCursor, encodeCursor, pageResponse, parseLimit } from '@/lib/api/pagination';
import { loadRepository } from '@/lib/repositories/queries';
import { revisionForNewScan } from '@/lib/revisions/for-new-scan';
import { createScan, scanByIdempotencyKey } from '@/lib/scans/create-scan';
import type { Tx } from '@/lib/db/client';
import { listScans } from '@/lib/scans/queries';
import { serializeScan } from '@/lib/scans/serialize';
import { startThreadExecutor } from '@/lib/execution/runtime';
import { enqueueScan, scanQueue } from '@/lib/queue/scan-queue';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /v1/repositories/:id/scans – the repository's scans, newest first
export const GET = apiRoute<Params>(async ({ url, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id);
  const limit = parseLimit(url.searchParams);
  const rows = await listScans(repo.id, { limit, after: decodeCursor(url.searchParams.get('after')) });
  return pageResponse(url, rows, limit, serializeScan, (s) => encodeCursor({ at: s.createdAt, id: s.id }));
});

const createScanBodySchema = z
  .object({
    engine: z.enum(ENGINES).optional(),
    /** Stop after planning for a team owner's review; default: the repository's setting. */
    plan_review: z.boolean().optional(),
    /** A branch, tag or commit (full or short) to scan instead of the tracked branch; for uploads, the newest revision of that ref. */
    ref: z.string().trim().min(1).max(255).optional(),
    /** A revision of the repository (GET …/snapshots) to scan again. */
    snapshot_id: z.string().optional(),
    /** A branch scan's base: the latest completed scan of this ref (default: the default branch; scanned first if there is none)… */
    base_ref: z.string().trim().min(1).max(255).optional(),
    /** …or this scan. */
    base_scan_id: z.string().optional(),
  })
  .strict();

// POST /v1/repositories/:id/scans – queue a scan ({engine?, plan_review?, ref?, snapshot_id?, base_ref?, base_scan_id?}: defaults VEGA_ENGINE, the repository's plan_review and its default ref — git is fetched by the runner, a directory re-read, an upload's newest revision scanned; another ref is a branch scan against a base; 202; a repeated Idempotency-Key returns the same scan)
export const POST = apiRoute<Params>(async ({ request, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id, 'member');
  // The body is optional: a bare POST scans with the server's default engine.
  const body = (request.headers.get('content-type') ?? '').includes('application/json') ? await readJson(request, createScanBodySchema) : {};
  const key = request.headers.get('idempotency-key');
  if (key !== null && (key.length === 0 || key.length > 200)) {
    throw new ApiError('invalid_idempotency_key', 400, 'Idempotency-Key must be 1 to 200 characters');
  }
  // A replay with the same Idempotency-Key answers exactly as the first request did (and queues no second base scan).
  const replayed = key === null ? null : await scanByIdempotencyKey(repo.id, key);
  if (replayed) return json(serializeScan(replayed), 202);
  const { base, ...revision } = await revisionForNewScan(repo, { ref: body.ref, snapshotId: body.snapshot_id, baseRef: body.base_ref, baseScanId: body.base_scan_id });
  const mode = env().VEGA_SCAN_EXECUTION_MODE;
  if (mode === 'thread') await startThreadExecutor();
  const boss = mode === 'queue' ? await scanQueue(env().DATABASE_URL!, 'web') : null;
  const enqueue = boss ? (tx: Tx, scanId: string) => enqueueScan(boss, tx, scanId) : undefined;
  const createdBy = principal.kind === 'user' ? principal.user.id : null;
  const common = { repositoryId: repo.id, teamId: repo.teamId, createdBy, engine: body.engine, planReview: body.plan_review };
  // A branch scan whose base ref has no completed scan: that ref is scanned first.
  let baseScanId = base && 'scanId' in base ? base.scanId : null;
  if (base && 'queueRef' in base) {
    const first = await revisionForNewScan(repo, { ref: base.queueRef });
    baseScanId = (await createScan({ ...common, ...first, baseScanId: first.base && 'scanId' in first.base ? first.base.scanId : null }, enqueue)).scan.id;
  }
  const { scan } = await createScan({ ...common, ...revision, baseScanId, idempotencyKey: key }, enqueue);
  return json(serializeScan(scan), 202);
});
