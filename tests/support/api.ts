import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Role } from '../../lib/db/schema';
import { createToken } from '../../lib/tokens/tokens';
import { createUser } from '../../lib/users/create-user';
import { fixtureGitRepo, gitRepoOf, syntheticRepo } from './fixtures';

export { codexFixtureRepo, FIXTURES, fixtureGitRepo, gitRepoOf, syntheticRepo, zipDirectory } from './fixtures';

export const baseUrl = () => inject('baseUrl');
/** The suite's artifact and snapshot store (S3), for runner processes a test starts with an allow-listed environment. */
export const storageEnv = () => inject('storageEnv');

export interface Auth {
  token?: string;
  cookie?: string;
}

// The body is the server's JSON, untyped unless a caller names it: tests read
// the fields they assert on.
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function api<T = any>(
  urlPath: string,
  opts: Auth & { method?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const res = await fetch(baseUrl() + urlPath, { method: opts.method ?? 'GET', headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export const uniq = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** A fresh team with one user of the given role, and a team token of that role. */
export async function newTeam(opts: { role?: Role; admin?: boolean; slug?: string } = {}) {
  const slug = opts.slug ?? uniq('team');
  const email = `${uniq('user')}@example.test`;
  const password = 'correct horse battery';
  const { user, team } = await createUser({ email, password, teamSlug: slug, role: opts.role ?? 'owner', admin: opts.admin });
  const { token } = await createToken({ teamId: team.id, name: 'test', role: opts.role ?? 'owner' });
  return { user, team, email, password, token };
}

/** Adds a user with `role` to an existing team and returns its token. */
export async function memberOf(teamSlug: string, role: Role) {
  const email = `${uniq(role)}@example.test`;
  const password = 'correct horse battery';
  const { team } = await createUser({ email, password, teamSlug, role });
  const { token } = await createToken({ teamId: team.id, name: role, role });
  return { email, password, token };
}

/** Signs in through next-auth's credentials flow, as a browser would; returns the Cookie header. */
export async function signIn(email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${baseUrl()}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  keep(csrfRes);
  const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  keep(res);
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  if (!cookie.includes('next-auth.session-token')) throw new Error(`sign-in failed for ${email} (HTTP ${res.status})`);
  return cookie;
}

export async function uploadRepository(auth: Auth, name: string, archive: Buffer, filename = 'source.zip') {
  const form = new FormData();
  form.set('name', name);
  form.set('file', new Blob([new Uint8Array(archive)]), filename);
  return api(`/v1/repositories`, { ...auth, method: 'POST', body: form });
}

export async function createGitRepository(auth: Auth, fixture = 'vulnerable-app') {
  const { url } = fixtureGitRepo(fixture);
  const res = await api(`/v1/repositories`, { ...auth, method: 'POST', json: { name: uniq(fixture), source: { type: 'git', url, ref: 'main' } } });
  if (res.status !== 201) throw new Error(`could not create repository: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string };
}

/** A repository large enough that its scan is still running a few seconds after it starts. */
export async function createLargeRepository(auth: Auth, opts: { vulnerable?: boolean; filesPerPackage?: number } = {}) {
  const { url } = gitRepoOf(syntheticRepo({ packages: 30, filesPerPackage: 40, functionsPerFile: 12, ...opts }));
  const res = await api(`/v1/repositories`, { ...auth, method: 'POST', json: { name: uniq('large'), source: { type: 'git', url, ref: 'main' } } });
  if (res.status !== 201) throw new Error(`could not create repository: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string };
}

const TERMINAL = ['completed', 'failed', 'cancelled'];

export async function waitForScan(auth: Auth, repoId: string, scanId: string, until: string[] = TERMINAL, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(`/v1/repositories/${repoId}/scans/${scanId}`, auth);
    if (until.includes(res.body?.status)) return res.body;
    if (Date.now() > deadline) throw new Error(`scan ${scanId} still ${res.body?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A finished scan's stored event kinds once its evidence is settled (the sealer runs just after the verdict). */
export async function settledKinds(auth: Auth, repoId: string, scanId: string): Promise<string[]> {
  for (let i = 0; i < 150; i++) {
    const kinds: string[] = (await api(`/v1/repositories/${repoId}/events?scan_id=${scanId}&limit=200`, auth)).body.map((e: { kind: string }) => e.kind);
    if (['evidence_sealed', 'evidence_failed'].includes(kinds.at(-1) ?? '')) return kinds;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`scan ${scanId}: its evidence was never settled`);
}

export interface SseMessage {
  id: number;
  event: string;
  data: any;
}

/**
 * Opens an SSE stream and resolves `live` once the server says it is
 * (`: connected`): every event committed after that reaches `done`.
 */
export function liveSse(urlPath: string, opts: Parameters<typeof readSse>[1]) {
  let opened!: () => void;
  const live = new Promise<void>((r) => (opened = r));
  const done = readSse(urlPath, {
    ...opts,
    onComment: (c) => {
      if (c === 'connected') opened();
      opts.onComment?.(c);
    },
  });
  // A stream refused or ended before it was live: nothing is waiting for it.
  void done.finally(() => opened());
  return { live, done };
}

/**
 * Reads an SSE stream until `until` says so, the server ends it, or the
 * timeout passes. Returns the messages and whether the server closed it.
 */
export async function readSse(
  urlPath: string,
  opts: Auth & { lastEventId?: number; until?: (msgs: SseMessage[]) => boolean; timeoutMs?: number; onComment?: (c: string) => void },
): Promise<{ status: number; messages: SseMessage[]; ended: boolean; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.lastEventId !== undefined) headers['last-event-id'] = String(opts.lastEventId);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs ?? 30_000);
  const messages: SseMessage[] = [];
  let ended = false;
  const res = await fetch(baseUrl() + urlPath, { headers, signal: ctrl.signal });
  if (!res.ok || !res.body) {
    clearTimeout(timer);
    return { status: res.status, messages, ended: true, headers: res.headers };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      buf += decoder.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const msg: Partial<SseMessage> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) opts.onComment?.(line.slice(1).trim());
          else if (line.startsWith('id: ')) msg.id = Number(line.slice(4));
          else if (line.startsWith('event: ')) msg.event = line.slice(7);
          else if (line.startsWith('data: ')) msg.data = JSON.parse(line.slice(6));
        }
        if (msg.event) messages.push(msg as SseMessage);
      }
      if (opts.until?.(messages)) break;
    }
  } catch (err) {
    if (!ctrl.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  return { status: res.status, messages, ended, headers: res.headers };
}
