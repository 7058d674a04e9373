import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../../../tests/support/fake-llm';
import { runEngine } from '../engine';
import { DEFAULT_THREAT_PROFILE } from '../profile';
import type { V16Event } from '../types';
import { codexBackend } from './backend';

// The codex backend with the fake Codex CLI (tests/fixtures/fake-codex.mjs),
// which calls the model provider it is pointed at: the fake LLM, or a
// provider that never answers, to hold Codex in the middle of its plan.

const FAKE_CODEX = path.resolve(import.meta.dirname, '../../../tests/fixtures/fake-codex.mjs');
let root: string;
let llm: FakeLlm;
let held: Server;
let heldUrl: string;
/** Requests the held provider received and never answered, with a promise for their connection closing. */
const pending: { req: IncomingMessage; closed: Promise<void> }[] = [];
let arrived: () => void = () => {};

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'vega-codex-backend-'));
  mkdirSync(path.join(root, 'src'));
  mkdirSync(path.join(root, 'lib'));
  writeFileSync(path.join(root, 'src', 'app.js'), 'app.get("/", (req, res) => res.send(eval(req.query.x)));\n');
  writeFileSync(path.join(root, 'lib', 'util.js'), 'module.exports = (a, b) => a + b;\n');
  llm = await startFakeLlm();
  held = createServer((req) => {
    pending.push({ req, closed: new Promise((r) => req.socket.once('close', () => r())) });
    arrived();
  });
  await new Promise<void>((r) => held.listen(0, '127.0.0.1', r));
  heldUrl = `http://127.0.0.1:${(held.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  held.closeAllConnections();
  await new Promise((r) => held.close(r));
  await llm.close();
  rmSync(root, { recursive: true, force: true });
});

const backend = (baseUrl: string) =>
  codexBackend({
    command: `${JSON.stringify(process.execPath)} ${JSON.stringify(FAKE_CODEX)}`,
    timeoutMs: 60_000,
    llm: { baseUrl, token: 'vlt.test' },
    baseEnv: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
const nextRequest = () => new Promise<void>((r) => (arrived = r));

describe('codex backend: the plan step', () => {
  it('plans through Codex', async () => {
    const plan = await backend(llm.url).plan(root, DEFAULT_THREAT_PROFILE, { isCancelled: () => false });
    expect(plan.components.map((c) => [c.root, c.files])).toEqual([
      ['lib', ['lib/util.js']],
      ['src', ['src/app.js']],
    ]);
  });

  it('a cancel while Codex plans stops Codex at once and returns an empty plan', async () => {
    let cancelled = false;
    const request = nextRequest();
    const planning = backend(heldUrl).plan(root, DEFAULT_THREAT_PROFILE, { isCancelled: () => cancelled });
    await request;
    const { closed } = pending.at(-1)!;
    const at = Date.now();
    cancelled = true;
    const plan = await planning;
    // Codex waits on its provider for ever (the run's timeout is a minute): only the cancel ends it.
    expect(Date.now() - at).toBeLessThan(5_000);
    expect(plan).toEqual({ components: [], skipped: [] });
    await closed; // the process that held the connection is gone
  });

  it('already cancelled: Codex is not started', async () => {
    const before = pending.length;
    const plan = await backend(heldUrl).plan(root, DEFAULT_THREAT_PROFILE, { isCancelled: () => true });
    expect(plan).toEqual({ components: [], skipped: [] });
    expect(pending.length).toBe(before);
  });

  it('in the engine: a cancel during the plan ends the scan cancelled, before any audit', async () => {
    let cancelled = false;
    const request = nextRequest();
    const events: V16Event[] = [];
    const scan = runEngine({ root, profile: DEFAULT_THREAT_PROFILE, backend: backend(heldUrl), emit: (e) => void events.push(e), isCancelled: () => cancelled });
    await request;
    const at = Date.now();
    cancelled = true;
    expect(await scan).toBeNull();
    expect(Date.now() - at).toBeLessThan(5_000);
    expect(events.map((e) => e.type)).toEqual(['scan_started', 'step_started', 'scan_cancelled']);
  });
});
