// `vega ci`: what a pipeline runs. Sends the checkout to a Vega server (a new
// revision of an upload repository; a git repository is fetched by the server
// itself), starts a scan — a branch scan against --base-ref off the default
// branch — follows it live, prints the new findings and exits 1 when one is
// at or above --fail-on. Exit codes: 0 nothing new at the threshold, 1 new
// findings, 2 usage, 3 the server or the scan failed.

import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SEVERITIES, type Severity } from '../lib/v16/types';
import { client, followScan, ServerError, type Client, type SseMessage } from './ci-client';
import { formatNewFindings, type CiFinding } from './ci-report';
import { ciPullRequest, packWorkingTree, readWorkingTree } from './ci-source';

export const CI_USAGE = `usage: vega ci [--server URL] [--token T] [--repository ID] [--ref R] [--base-ref main]
              [--fail-on critical|high|medium|low] [--sarif FILE] [--timeout SECONDS] [--upload] [DIR]

  Scans DIR (default .) on a Vega server and fails the build on new findings.
  --server, --token, --repository default to VEGA_SERVER, VEGA_TOKEN, VEGA_REPOSITORY.
  DIR is packed as git sees it (tracked and untracked-but-not-ignored files) and
  uploaded as a new revision; a git repository's server fetches the commit itself
  (--upload is refused there). Off the default branch the scan is a branch scan
  against --base-ref (default: the repository's default branch).
  Exit codes: 0 no new finding at or above --fail-on (default high), 1 there is one,
  2 usage error, 3 the server or the scan failed.`;

export class CiUsageError extends Error {}

const FAIL_ON = ['critical', 'high', 'medium', 'low'] as const;
type FailOn = (typeof FAIL_ON)[number];

export interface CiOptions {
  server: string;
  token: string;
  repository: string;
  ref?: string;
  baseRef?: string;
  failOn: FailOn;
  sarif?: string;
  timeoutSeconds: number;
  upload: boolean;
  dir: string;
}

export function parseCiArgs(args: string[], env: NodeJS.ProcessEnv = process.env): CiOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        server: { type: 'string' },
        token: { type: 'string' },
        repository: { type: 'string' },
        ref: { type: 'string' },
        'base-ref': { type: 'string' },
        'fail-on': { type: 'string' },
        sarif: { type: 'string' },
        timeout: { type: 'string' },
        upload: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new CiUsageError(`${err instanceof Error ? err.message : String(err)}\n\n${CI_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new CiUsageError(`expected at most one directory\n\n${CI_USAGE}`);
  const server = values.server ?? env.VEGA_SERVER;
  const token = values.token ?? env.VEGA_TOKEN;
  const repository = values.repository ?? env.VEGA_REPOSITORY;
  if (!server) throw new CiUsageError('--server (or VEGA_SERVER) is required');
  if (!URL.canParse(server) || !/^https?:$/.test(new URL(server).protocol)) throw new CiUsageError(`--server must be an http(s) URL, not ${server}`);
  if (!token) throw new CiUsageError('--token (or VEGA_TOKEN) is required');
  if (!repository) throw new CiUsageError('--repository (or VEGA_REPOSITORY) is required');
  const failOn = (values['fail-on'] ?? 'high') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new CiUsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const timeoutSeconds = values.timeout === undefined ? 3600 : Number(values.timeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) throw new CiUsageError('--timeout must be a whole number of seconds ≥ 1');
  if (values.sarif === '') throw new CiUsageError('--sarif needs a file name');
  return {
    server,
    token,
    repository,
    ref: values.ref,
    baseRef: values['base-ref'],
    failOn,
    sarif: values.sarif,
    timeoutSeconds,
    upload: values.upload ?? false,
    dir: positionals[0] ?? '.',
  };
}

interface RepositoryJson {
  id: string;
  name: string;
  source: { type: 'git' | 'local' | 'upload' };
  default_ref: string | null;
}
interface ScanJson {
  id: string;
  status: string;
  error: string | null;
  ref: string | null;
  commit_sha: string | null;
  branch: boolean;
  base_scan_id: string | null;
  findings_count: number;
}

type Out = { info: (line: string) => void; progress: (line: string) => void; report: (text: string) => void };

export async function ciMain(args: string[], out: Out = defaultOut()): Promise<number> {
  const o = parseCiArgs(args);
  try {
    return await runCi(o, out);
  } catch (err) {
    // Exit 1 means "new findings": anything else that goes wrong is a 3, saying why.
    out.info(`vega ci: ${err instanceof Error ? err.message : String(err)}`);
    return 3;
  }
}

async function runCi(o: CiOptions, out: Out): Promise<number> {
  const api = client(o.server, o.token);
  const deadline = Date.now() + o.timeoutSeconds * 1000;
  const repo = await api.get<RepositoryJson>(`/v1/repositories/${encodeURIComponent(o.repository)}`);
  const tree = await readWorkingTree(o.dir);
  const pr = o.ref === undefined ? ciPullRequest() : null;
  // A directory is re-read as it is: it has no refs.
  let ref = repo.source.type === 'local' ? undefined : (o.ref ?? tree.git?.branch ?? undefined);
  if (pr && repo.source.type === 'git') {
    // The server fetches a pull request by the ref the forge keeps for its head: it works for forks too.
    ref = pr.headRef;
  } else if (pr && ref === repo.default_ref) {
    // A pull request from a branch named like the default (a fork's main) is still not the default branch.
    ref = `pr-${pr.number}`;
  }
  let defaultRef = repo.default_ref;
  out.info(`vega ci: ${repo.name} (${repo.source.type}) · ${ref ?? defaultRef ?? 'default branch'}${tree.git?.commitSha ? ` @ ${tree.git.commitSha.slice(0, 7)}` : ''}`);

  const body: Record<string, unknown> = {};
  if (repo.source.type === 'upload') {
    const packed = await packWorkingTree(tree);
    try {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(await readFile(packed.path))]), 'source.zip');
      if (tree.git?.commitSha) form.set('commit_sha', tree.git.commitSha);
      if (ref) form.set('ref', ref);
      const snap = await api.upload<{ id: string; file_count: number }>(`/v1/repositories/${repo.id}/snapshots`, form);
      out.info(`uploaded ${packed.files.toLocaleString('en-US')} files (${(packed.bytes / 1024).toFixed(0)} KB) as revision ${snap.id.slice(0, 8)}`);
      body.snapshot_id = snap.id;
    } finally {
      await packed.cleanup();
    }
    // The first ref an upload repository is given becomes its default branch: read it again.
    defaultRef = (await api.get<RepositoryJson>(`/v1/repositories/${repo.id}`)).default_ref;
  } else {
    if (o.upload) throw new ServerError(`repository ${repo.name} takes its revisions from its ${repo.source.type === 'git' ? 'git remote' : 'server directory'}; --upload needs an upload repository`);
    // The server fetches the ref itself (the default branch's tip when none).
    if (ref !== undefined && ref !== defaultRef) body.ref = ref;
  }
  const onDefault = ref === undefined || ref === defaultRef;
  if (!onDefault) {
    body.base_ref = o.baseRef ?? defaultRef ?? undefined;
    out.info(`  a branch scan against ${body.base_ref ?? 'the default branch'}`);
  }
  const scan = await api.post<ScanJson>(`/v1/repositories/${repo.id}/scans`, body);
  const page = `${o.server.replace(/\/+$/, '')}/repositories/${repo.id}/scans/${scan.id}`;
  out.info(`scan ${scan.id} queued${scan.branch ? ' (branch scan)' : ''}: ${page}`);

  const progress = progressPrinter(out);
  const ended = await followScan(api, `/v1/repositories/${repo.id}/scans/${scan.id}/stream`, {
    deadline,
    onMessage: progress,
    onReconnect: (why) => out.info(`  (stream interrupted: ${why}; resuming)`),
  });
  const done = await api.get<ScanJson>(`/v1/repositories/${repo.id}/scans/${scan.id}`);
  if (!ended && !['completed', 'failed', 'cancelled'].includes(done.status)) {
    out.info(`vega ci: the scan did not finish within ${o.timeoutSeconds} s (it is ${done.status}): ${page}`);
    return 3;
  }
  if (done.status !== 'completed') {
    out.info(`vega ci: the scan ${done.status}${done.error ? `: ${done.error}` : ''}`);
    return 3;
  }
  if (done.branch && done.base_scan_id) {
    // A base scanned first may still be running: new is only known against all it finds.
    const base = await waitForBase(api, repo.id, done.base_scan_id, deadline, out);
    if (base !== 'completed') {
      out.info(`vega ci: the base scan ${done.base_scan_id} ${base === 'timeout' ? `did not finish within ${o.timeoutSeconds} s` : base}: nothing to compare with`);
      return 3;
    }
  }
  if (repo.source.type === 'git' && !pr && tree.git?.commitSha && done.commit_sha && done.commit_sha !== tree.git.commitSha) {
    out.info(`note: the server scanned ${done.commit_sha.slice(0, 7)}, the tip of ${done.ref} on its remote, not the local ${tree.git.commitSha.slice(0, 7)} (push first?)`);
  }

  const fresh = await newFindings(api, repo.id, done);
  if (o.sarif) {
    await writeFile(o.sarif, await api.text(`/v1/repositories/${repo.id}/scans/${scan.id}/findings.sarif`));
    out.info(`SARIF written to ${o.sarif}`);
  }
  const threshold = SEVERITIES.indexOf(o.failOn);
  const failing = fresh.filter((f) => SEVERITIES.indexOf(f.severity as Severity) <= threshold);
  out.report(formatNewFindings(fresh, { against: done.branch ? `the base (${o.baseRef ?? defaultRef ?? 'default branch'})` : 'before this scan', total: done.findings_count, failOn: o.failOn, failing: failing.length, page }));
  return failing.length > 0 ? 1 : 0;
}

async function waitForBase(api: Client, repositoryId: string, baseId: string, deadline: number, out: Out): Promise<string> {
  let told = false;
  for (;;) {
    const base = await api.get<ScanJson>(`/v1/repositories/${repositoryId}/scans/${baseId}`);
    if (['completed', 'failed', 'cancelled'].includes(base.status)) return base.status;
    if (Date.now() >= deadline) return 'timeout';
    if (!told) out.info(`  waiting for the base scan ${baseId} (${base.status})`);
    told = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * New findings, as the build is judged: on a branch, new against the base;
 * on the default branch, not open before this scan (first seen in it, or
 * reopened by it). Triaged false positives and accepted risks never count.
 */
async function newFindings(api: Client, repositoryId: string, scan: ScanJson): Promise<CiFinding[]> {
  const diff = await api.get<{ new: CiFinding[]; reopened: CiFinding[] }>(`/v1/repositories/${repositoryId}/scans/${scan.id}/diff`);
  let list = [...diff.new, ...diff.reopened];
  if (!scan.branch) {
    // The default branch's diff lists findings; their traces are on each finding.
    list = await Promise.all(list.map((f) => api.get<CiFinding>(`/v1/repositories/${repositoryId}/findings/${f.id}`)));
  }
  return list
    .filter((f) => f.status !== 'false_positive' && f.status !== 'accepted_risk')
    .sort((a, b) => SEVERITIES.indexOf(a.severity as Severity) - SEVERITIES.indexOf(b.severity as Severity) || a.path.localeCompare(b.path) || a.start_line - b.start_line);
}

/** A progress bar on a terminal, one plain line per step elsewhere (CI logs). */
function progressPrinter(out: Out): (m: SseMessage) => void {
  const tty = process.stderr.isTTY === true;
  let findings = 0;
  return (m) => {
    const d = m.data;
    switch (m.event) {
      case 'log':
        if (!tty || d.level === 'warn' || d.level === 'error') out.progress(`  ${String(d.message)}`);
        break;
      case 'finding':
        findings++;
        break;
      case 'progress': {
        const done = Number(d.done);
        const total = Number(d.total);
        if (tty && total > 0) {
          const width = 30;
          const filled = Math.round((done / total) * width);
          process.stderr.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} · ${findings} findings`);
          if (done === total) process.stderr.write('\n');
        } else if (!tty) out.progress(`  ${done}/${total} ${String(d.message ?? '')}`.trimEnd());
        break;
      }
      case 'needs_input':
        out.progress(`  waiting for a decision: ${String(d.reason)}`);
        break;
      case 'run_completed':
      case 'run_failed':
      case 'run_aborted':
        if (tty) process.stderr.write('\n');
        out.progress(`  ${m.event.replace('run_', 'scan ')}${d.reason ? `: ${String(d.reason)}` : ''}`);
        break;
    }
  };
}

function defaultOut(): Out {
  return {
    info: (line) => process.stderr.write(`${line}\n`),
    progress: (line) => process.stderr.write(`${line}\n`),
    report: (text) => process.stdout.write(text),
  };
}
