// Per-file audit results kept from one scan to the next (incremental
// analysis, issue 11). An entry is one file's unfiltered result (findings and
// syntax errors) under a key naming the analysis and the file's content, plus
// every other module the analysis read on the way (readModule, for flows
// across modules) with the hash of what it got, or null for "absent". An
// entry is reused only while each of those reads would still return the same
// text: the input tracking of a build system, so a change invalidates exactly
// the files whose analysis looked at it, along the import graph and no
// further, and a reused result is the one a full run would compute (the
// analysis is deterministic in path, text and what readModule returns; see
// analysis-version.ts for what else goes into the key).
//
// Pure: no storage here. The runner loads the bytes before a scan and saves
// them after a completed one (lib/runner/analysis-cache-store.ts).

import { gunzipSync, gzipSync } from 'node:zlib';
import type { EngineFinding } from '../types';
import { sha256Hex } from '../fingerprint';
import { analysisIdentity } from './analysis-version';

/** One file's audit as the analysis produced it, before the threat profile's rule filter. */
export interface CachedAudit {
  findings: EngineFinding[];
  parseErrors: { line: number; message: string }[];
  /** Every readModule(path) the analysis made: the sha256 of the text it got, or null when the module was absent. */
  reads: [path: string, sha256: string | null][];
}

/** What one scan did with the cache: files analyzed afresh, files whose result was reused. */
export interface CacheStats {
  analyzed: number;
  reused: number;
}

const FORMAT = 'vega-analysis-cache';
/** Bump when the layout of the bytes changes (not the analysis: that is ANALYSIS_VERSION). */
const FORMAT_VERSION = 1;

export type LoadResult = { entries: Map<string, CachedAudit>; problem: null } | { entries: Map<string, CachedAudit>; problem: string };

export class AnalysisCache {
  private readonly own: Map<string, CachedAudit>;
  private readonly base: ReadonlyMap<string, CachedAudit>;
  /** Keys of `own` that this scan used or wrote: what is saved (the rest is another tree's past). */
  private readonly kept = new Set<string>();
  readonly stats: CacheStats = { analyzed: 0, reused: 0 };

  /**
   * `own`: the entries of the scope this scan writes. `base`: entries it may
   * read but never writes back (a branch scan reading the default branch's).
   */
  constructor(own: Map<string, CachedAudit> = new Map(), base: ReadonlyMap<string, CachedAudit> = new Map()) {
    this.own = own;
    this.base = base;
  }

  /** The entry key of one file's content under this build's analysis (backend name and version included). */
  static key(backend: { name: string; version: string }, path: string, textSha256: string): string {
    return sha256Hex([analysisIdentity(backend), path, textSha256].join('\0'));
  }

  /**
   * The cached result of `key`, if every module its analysis read still reads
   * the same: `current(path)` is the sha256 of what readModule would return
   * now, or null for absent.
   */
  lookup(key: string, current: (path: string) => string | null): CachedAudit | undefined {
    for (const [entries, own] of [[this.own, true], [this.base, false]] as const) {
      const entry = entries.get(key);
      if (!entry || !isEntry(entry)) continue;
      if (!entry.reads.every(([path, sha]) => current(path) === sha)) continue;
      if (own) this.kept.add(key);
      this.stats.reused++;
      return entry;
    }
    return undefined;
  }

  /** Records a file's fresh result (and counts it as analyzed). */
  store(key: string, entry: CachedAudit): void {
    this.own.set(key, entry);
    this.kept.add(key);
    this.stats.analyzed++;
  }

  /** Entries this scan would save: those of its own scope it used or wrote. */
  get size(): number {
    return this.kept.size;
  }

  /** The saved form: gzip'd JSON of the entries this scan used or wrote in its own scope. */
  toBytes(): Buffer {
    const entries: Record<string, CachedAudit> = {};
    for (const key of [...this.kept].sort()) entries[key] = this.own.get(key)!;
    return gzipSync(JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, entries }));
  }

  /**
   * Entries from saved bytes. Anything unreadable (truncated, not gzip, not
   * JSON, another format version) yields no entries and says why: the scan
   * then analyzes every file, as a first scan does.
   */
  static parse(bytes: Buffer | null): LoadResult {
    if (bytes === null) return { entries: new Map(), problem: null };
    try {
      const data = JSON.parse(gunzipSync(bytes).toString('utf8')) as { format?: unknown; version?: unknown; entries?: unknown };
      if (data?.format !== FORMAT) return { entries: new Map(), problem: 'not an analysis cache' };
      if (data.version !== FORMAT_VERSION) return { entries: new Map(), problem: `format version ${String(data.version)}, expected ${FORMAT_VERSION}` };
      if (typeof data.entries !== 'object' || data.entries === null) return { entries: new Map(), problem: 'no entries' };
      return { entries: new Map(Object.entries(data.entries as Record<string, CachedAudit>)), problem: null };
    } catch (err) {
      return { entries: new Map(), problem: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** Saved bytes are data from storage: an entry of the wrong shape is a miss, not a crash. */
function isEntry(e: unknown): e is CachedAudit {
  const entry = e as CachedAudit;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    Array.isArray(entry.findings) &&
    Array.isArray(entry.parseErrors) &&
    Array.isArray(entry.reads) &&
    entry.reads.every((r) => Array.isArray(r) && r.length === 2 && typeof r[0] === 'string' && (r[1] === null || typeof r[1] === 'string'))
  );
}
