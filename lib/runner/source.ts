import { createSnapshot, type SnapshotResult } from '../snapshots/create';
import { resolveRemoteRef } from '../snapshots/git';
import type { SnapshotStore } from '../snapshots/store';
import { runnerRequest } from './http-sink';
import { retrying, TransientDeliveryError, type RetryOptions } from './retrying-sink';

/**
 * What a runner is told to scan (GET /v1/scans/:id/runner `source`): a
 * revision already taken, a git remote to fetch at a ref (the repository's
 * tracked branch when null), a server directory to re-read, or why it may not.
 */
export type RunnerSource =
  | { type: 'snapshot'; key: string; sha256: string; commitSha: string | null; ref: string | null }
  | {
      type: 'git';
      url: string;
      ref: string | null;
      allowFile: boolean;
      timeoutSeconds: number;
      /** The repository's credential for its remote, handed to git through GIT_ASKPASS only. */
      credential?: { username: string; password: string };
      sslCaFile?: string;
      /** The repository's newest snapshot: the new one stores only files it does not hold. */
      previousKey?: string | null;
    }
  | { type: 'local'; path: string; previousKey?: string | null }
  | { type: 'refused'; reason: string };

/** The revision fixed for the scan: where its snapshot is stored. */
export interface AttachedRevision {
  key: string;
  commitSha: string | null;
  ref: string | null;
  fileCount: number;
  reused: boolean;
}

/**
 * How a runner fixes its scan's revision: over HTTP with its scan token, or
 * in thread mode through lib/revisions/attach.ts directly. Null: another
 * attempt holds the scan (or, for `reuse`, no snapshot of that commit yet).
 */
export interface RevisionTransport {
  /** The snapshot already taken of `commitSha`, now this scan's; null when there is none. */
  reuse(commitSha: string, ref: string | null): Promise<AttachedRevision | 'lost' | null>;
  /** Records the snapshot this runner took and makes it the scan's. */
  record(snapshot: SnapshotResult, ref: string | null): Promise<AttachedRevision | 'lost'>;
}

export interface SnapshotReply {
  snapshot: { id: string; key: string; commit_sha: string | null; ref: string | null; file_count: number } | null;
  reused?: boolean;
}

export function revisionOfReply(reply: SnapshotReply): AttachedRevision | null {
  const s = reply.snapshot;
  return s ? { key: s.key, commitSha: s.commit_sha, ref: s.ref, fileCount: s.file_count, reused: reply.reused ?? false } : null;
}

/** RevisionTransport over `POST /v1/scans/:id/runner/snapshot`. */
export function httpRevisions(o: { apiUrl: string; scanId: string; attempt: number; token: string; retry: RetryOptions }): RevisionTransport {
  const post = async (body: unknown) => {
    const reply = await retrying(
      () =>
        runnerRequest<SnapshotReply>(`${o.apiUrl}/v1/scans/${o.scanId}/runner/snapshot`, o.token, 'the snapshot', {
          method: 'POST',
          body: JSON.stringify({ attempt: o.attempt, ...(body as object) }),
        }),
      o.retry,
    );
    return reply.held ? revisionOfReply(reply.body) : 'lost';
  };
  return {
    reuse: (commitSha, ref) => post({ commit_sha: commitSha, ref }),
    async record(s, ref) {
      const r = await post({
        commit_sha: s.commitSha ?? null,
        ref,
        snapshot: { key: s.key, sha256: s.sha256, size_bytes: s.bytes, source_bytes: s.sourceBytes, file_count: s.files },
      });
      if (r === null) throw new TransientDeliveryError('the API did not record the snapshot');
      return r;
    },
  };
}

export class RevisionLost extends Error {}

export interface TakeSnapshotOptions {
  source: RunnerSource;
  revisions: RevisionTransport;
  store: SnapshotStore;
  workDir: string;
  signal: AbortSignal;
  log: (message: string) => Promise<void>;
}

const short = (sha: string | null | undefined) => (sha ? sha.slice(0, 7) : 'unknown commit');
const count = (n: number) => n.toLocaleString('en-US');
/** What storing it cost: the files no earlier revision had stored. */
const stored = (s: SnapshotResult) => (s.newFiles === s.files ? '' : `, ${count(s.newFiles)} new or changed (the rest already stored)`);

/**
 * The runner's snapshot step: the scan's revision, fetched or re-read now
 * and stored once per commit (a commit already taken is reused without a
 * fetch; `git ls-remote` tells which commit a ref is). Throws RevisionLost
 * when another attempt took the scan, a SnapshotError for what the user can
 * fix (an unknown ref, an unreachable remote), with the reason in its message.
 */
export async function takeSnapshot(o: TakeSnapshotOptions): Promise<AttachedRevision> {
  const { source } = o;
  const held = (r: AttachedRevision | 'lost'): AttachedRevision => {
    if (r === 'lost') throw new RevisionLost('another attempt holds the scan');
    return r;
  };
  switch (source.type) {
    case 'snapshot':
      return { key: source.key, commitSha: source.commitSha, ref: source.ref, fileCount: -1, reused: true };
    case 'refused':
      throw new Error(source.reason);
    case 'git': {
      const git = { allowFile: source.allowFile, timeoutMs: source.timeoutSeconds * 1000, signal: o.signal, scratchDir: o.workDir, credential: source.credential, sslCaFile: source.sslCaFile };
      await o.log(`fetching ${source.url} ${source.ref ?? '(default branch)'}…`);
      const resolved = await resolveRemoteRef(source.url, source.ref ?? undefined, git);
      const ref = source.ref ?? resolved.branch ?? null;
      if (resolved.commitSha) {
        const existing = await o.revisions.reuse(resolved.commitSha, ref);
        if (existing === 'lost') throw new RevisionLost('another attempt holds the scan');
        if (existing) {
          await o.log(`${ref ?? 'HEAD'} is at ${short(resolved.commitSha)}, already snapshotted (${count(existing.fileCount)} files): reusing it`);
          return existing;
        }
      }
      // A branch or tag is fetched by name (any server serves that); a commit by id.
      // A full ref (a pull request's head) by the commit it names: clone --branch takes only branch and tag names.
      const fetchRef =
        resolved.kind === 'default' ? undefined : resolved.kind === 'commit' || resolved.kind === 'ref' ? (resolved.commitSha ?? source.ref ?? undefined) : (source.ref ?? undefined);
      const taken = await createSnapshot({ type: 'git', url: source.url, ref: fetchRef }, { store: o.store, workDir: o.workDir, allowLocal: false, allowFileGit: source.allowFile, gitTimeoutMs: git.timeoutMs, signal: o.signal, gitCredential: source.credential, gitSslCaFile: source.sslCaFile, previousKey: source.previousKey });
      await o.log(`snapshot ${count(taken.files)} files at ${short(taken.commitSha)}${stored(taken)}`);
      return held(await o.revisions.record(taken, ref));
    }
    case 'local': {
      await o.log(`reading ${source.path}…`);
      const taken = await createSnapshot({ type: 'local', path: source.path }, { store: o.store, workDir: o.workDir, allowLocal: true, allowFileGit: false, signal: o.signal, previousKey: source.previousKey });
      await o.log(`snapshot ${count(taken.files)} files${stored(taken)}`);
      return held(await o.revisions.record(taken, null));
    }
  }
}
