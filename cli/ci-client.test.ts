import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, followScan } from './ci-client';

// A loopback SSE server that drops the first connection mid-scan, as a web
// restart does: the client must resume from Last-Event-ID, missing nothing
// and repeating nothing.
const EVENTS = ['run_started', 'step_started', 'finding', 'step_finished', 'run_completed', 'run_finalized'];
let server: Server;
let url: string;
const seen: (string | undefined)[] = [];

beforeAll(async () => {
  let connections = 0;
  server = createServer((req, res) => {
    connections++;
    seen.push(req.headers['last-event-id'] as string | undefined);
    if (req.headers.authorization !== 'Bearer t0ken') return void res.writeHead(401).end('{}');
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const from = Number(req.headers['last-event-id'] ?? 0);
    const upTo = connections === 1 ? 2 : EVENTS.length;
    for (let id = from + 1; id <= upTo; id++) res.write(`id: ${id}\nevent: ${EVENTS[id - 1]}\ndata: {"n":${id}}\n\n`);
    if (connections === 1) setTimeout(() => res.destroy(), 200); // dropped mid-stream, after what it sent arrived
    else res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('followScan', () => {
  it('resumes a dropped stream from the last event id, every event once, until run_finalized', async () => {
    const got: string[] = [];
    const reconnects: string[] = [];
    const ended = await followScan(client(url, 't0ken'), '/stream', {
      deadline: Date.now() + 10_000,
      onMessage: (m) => got.push(`${m.id}:${m.event}`),
      onReconnect: (why) => reconnects.push(why),
    });
    expect(ended).toBe(true);
    expect(got).toEqual(EVENTS.map((e, i) => `${i + 1}:${e}`));
    expect(reconnects).toHaveLength(1);
    expect(seen).toEqual([undefined, '2']);
  });

  it('gives up at its deadline', async () => {
    const ended = await followScan(client('http://127.0.0.1:1', 't0ken'), '/stream', { deadline: Date.now() + 1_500, onMessage: () => {} });
    expect(ended).toBe(false);
  });
});
