// Where a scan's analysis cache (lib/v16/cache) lives between scans: one
// gzip'd blob per repository and scope in the artifact store,
// `analysis-cache/<repository id>/<scope>.json.gz`.
//
// Scanned code is hostile, so scopes follow who may steer them: the default
// branch's scans read and write `default`; a branch scan (another ref, a
// pull request's head, an earlier revision) reads `default` as its base but
// never writes it, and keeps what it analyzed itself in a scope of its ref
// (`ref-<sha256 of the ref>`), which only later scans of that ref read. A scan
// of no ref writes nothing.

import { createHash, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { checkBlobKey, type BlobStore } from '../storage/blob-store';
import { AnalysisCache, type CachedAudit } from '../v16/cache/analysis-cache';

/** What a runner is told about its scan's cache (GET /v1/scans/:id/runner `analysis_cache`): blob keys. */
export interface AnalysisCacheScopes {
  /** The scope this scan reads and, once completed, writes; null: nothing is written. */
  key: string | null;
  /** A scope it reads but never writes (a branch scan: the default branch's). */
  base: string | null;
}

const PREFIX = 'analysis-cache';
/** More than any real cache (a 3,000-file tree saves about 150 KB): a bigger blob is not read. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

export function analysisCacheScopes(scan: { repositoryId: string; branch: boolean; ref: string | null }): AnalysisCacheScopes {
  const scope = (name: string) => checkBlobKey(`${PREFIX}/${scan.repositoryId}/${name}.json.gz`);
  if (!scan.branch) return { key: scope('default'), base: null };
  const ref = scan.ref === null ? null : `ref-${createHash('sha256').update(scan.ref).digest('hex').slice(0, 32)}`;
  return { key: ref && scope(ref), base: scope('default') };
}

/** Scopes from the API are keys under analysis-cache/ or nothing: a runner reads and writes no other blob for them. */
export function checkScopes(scopes: AnalysisCacheScopes): AnalysisCacheScopes {
  const check = (key: string | null) => {
    if (key === null) return null;
    if (!key.startsWith(`${PREFIX}/`)) throw new Error(`not an analysis cache key: ${key}`);
    return checkBlobKey(key);
  };
  return { key: check(scopes.key), base: check(scopes.base) };
}

async function readBlob(store: BlobStore, key: string): Promise<Buffer | null> {
  const blob = await store.get(key);
  if (!blob) return null;
  if (blob.size > MAX_CACHE_BYTES) {
    blob.body.destroy();
    throw new Error(`${blob.size} bytes, more than ${MAX_CACHE_BYTES}`);
  }
  return buffer(blob.body);
}

/**
 * The scan's cache, and what to tell the user about it. Nothing here fails a
 * scan: a missing, unreadable or outdated blob gives no entries (every file
 * is analyzed, as on a first scan).
 */
export async function loadAnalysisCache(store: BlobStore, scopes: AnalysisCacheScopes): Promise<{ cache: AnalysisCache; notes: string[] }> {
  const notes: string[] = [];
  const load = async (key: string | null, what: string): Promise<Map<string, CachedAudit>> => {
    if (key === null) return new Map();
    let bytes: Buffer | null;
    try {
      bytes = await readBlob(store, key);
    } catch (err) {
      notes.push(`analysis cache of ${what} not read (${err instanceof Error ? err.message : String(err)})`);
      return new Map();
    }
    const { entries, problem } = AnalysisCache.parse(bytes);
    if (problem) notes.push(`analysis cache of ${what} not usable (${problem})`);
    else if (bytes) notes.push(`analysis cache of ${what}: ${entries.size.toLocaleString('en-US')} file results from earlier scans`);
    return entries;
  };
  const own = await load(scopes.key, scopes.base ? 'this ref' : 'the default branch');
  const base = await load(scopes.base, 'the default branch');
  if (own.size === 0 && base.size === 0) notes.push('no analysis cache to start from: every file is analyzed');
  return { cache: new AnalysisCache(own, base), notes };
}

/** Saves what this scan used and analyzed to its scope (written beside the work directory, then stored). */
export async function saveAnalysisCache(store: BlobStore, key: string, cache: AnalysisCache, workDir: string): Promise<void> {
  const bytes = cache.toBytes();
  const file = path.join(workDir, `analysis-cache-${randomUUID()}.json.gz`);
  try {
    await writeFile(file, bytes);
    await store.putFile(checkBlobKey(key), file, { sha256: createHash('sha256').update(bytes).digest('hex'), contentType: 'application/gzip' });
  } finally {
    await rm(file, { force: true });
  }
}
