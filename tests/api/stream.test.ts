import { describe, expect, it } from 'vitest';
import { getSql } from '../support/sql';
import { ingestBatch } from '../../lib/ingest/ingest-batch';
import { api, createGitRepository, liveSse, newTeam, readSse, waitForScan } from '../support/api';

const TERMINAL = ['run_finalized', 'run_failed', 'run_aborted'];

describe('GET /v1/repositories/:id/scans/:scanId/stream', () => {
  it('streams the run-style events with ids, run_id and step_id, and ends after the terminal event', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token });
    const scan = (await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body;
    const { status, messages, ended, headers } = await readSse(`/v1/repositories/${repo.id}/scans/${scan.id}/stream`, { token, timeoutMs: 60_000 });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(ended).toBe(true);
    const types = messages.map((m) => m.event);
    expect(types[0]).toBe('run_started');
    expect(types.at(-1)).toBe('run_finalized');
    for (const t of ['step_started', 'step_finished', 'progress', 'finding']) expect(types).toContain(t);
    for (const m of messages) {
      expect(m.id).toBeGreaterThan(0);
      expect(m.data.run_id).toBe(scan.id);
      expect(m.data.type).toBe(m.event);
    }
    const steps = messages.filter((m) => m.event.startsWith('step_'));
    for (const s of steps) expect(typeof s.data.step_id).toBe('string');
    const finished = messages.filter((m) => m.event === 'step_finished');
    expect(finished[0].data).toMatchObject({ kind: 'plan', exit_code: 0 });
    expect(finished.slice(1).every((m) => m.data.kind === 'audit' && m.data.exit_code === 0)).toBe(true);
    const progress = messages.filter((m) => m.event === 'progress').at(-1)!;
    expect(progress.data.message).toMatch(/component \d+ of \d+|\d+ of \d+/);
    const ids = messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('resumes after Last-Event-ID without gaps or duplicates', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token });
    const scan = (await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body;
    const url = `/v1/repositories/${repo.id}/scans/${scan.id}/stream`;
    // Drop the connection early, then resume from the last id seen.
    const first = await readSse(url, { token, until: (m) => m.length >= 3 });
    const resumed = await readSse(url, { token, lastEventId: first.messages.at(-1)!.id, timeoutMs: 60_000 });
    const full = await readSse(url, { token, timeoutMs: 60_000 });
    const stitched = [...first.messages, ...resumed.messages].map((m) => m.id);
    expect(stitched).toEqual(full.messages.map((m) => m.id));
    expect(TERMINAL).toContain(full.messages.at(-1)!.event);
  });

  it('sees events written by another process (fan-out through LISTEN/NOTIFY)', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token }, 'clean-app');
    const scan = (await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body;
    await waitForScan({ token }, repo.id, scan.id);
    // A scan that is running in "another process": this test process claims it and writes its events.
    const sql = getSql();
    const [row] = await sql<{ id: string }[]>`
      insert into scans (repository_id, team_id, snapshot_id, status, attempt, lease_expires_at, heartbeat_at)
      select repository_id, team_id, snapshot_id, 'claimed', 1, now() + interval '1 minute', now() from scans where id = ${scan.id}
      returning id`;
    const url = `/v1/repositories/${repo.id}/scans/${row.id}/stream`;
    const reading = readSse(url, { token, timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 500));
    const ts = new Date().toISOString();
    const result = await ingestBatch({
      scanId: row.id,
      attempt: 1,
      leaseSeconds: 60,
      events: [
        { type: 'scan_started', ts, engine: { name: 'external', version: '1' }, files: 0 },
        { type: 'scan_log', ts, level: 'info', message: 'hello from another process' },
        {
          type: 'scan_completed',
          ts,
          summary: { components: 0, files: 0, bytes: 0, findings: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, skippedFiles: 0, durationMs: 1 },
        },
      ],
    });
    expect(result.accepted).toBe(true);
    const { messages, ended } = await reading;
    expect(messages.map((m) => m.event)).toEqual(['run_started', 'log', 'run_completed', 'run_finalized']);
    expect(messages[1].data.message).toBe('hello from another process');
    expect(ended).toBe(true);
  });

  it('refuses writes from an attempt that no longer holds the scan (fencing)', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token }, 'clean-app');
    const scan = (await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body;
    const done = await waitForScan({ token }, repo.id, scan.id);
    const ts = new Date().toISOString();
    const late = await ingestBatch({
      scanId: scan.id,
      attempt: done.attempt,
      leaseSeconds: 60,
      events: [{ type: 'scan_log', ts, level: 'info', message: 'too late' }],
    });
    expect(late).toMatchObject({ accepted: false, reason: 'inactive' });
    const stale = await ingestBatch({
      scanId: scan.id,
      attempt: done.attempt - 1,
      leaseSeconds: 60,
      events: [{ type: 'scan_log', ts, level: 'info', message: 'too old' }],
    });
    expect(stale).toMatchObject({ accepted: false, reason: 'fenced' });
  });
});

describe('GET /v1/repositories/:id/events/stream', () => {
  it('streams new events of every scan of the repository', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token }, 'clean-app');
    const reading = liveSse(`/v1/repositories/${repo.id}/events/stream`, {
      token,
      until: (m) => m.some((x) => x.event === 'run_finalized'),
      timeoutMs: 30_000,
    });
    await reading.live;
    const scan = (await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body;
    const { messages } = await reading.done;
    expect(messages[0].event).toBe('run_started');
    expect(messages.every((m) => m.data.run_id === scan.id)).toBe(true);
  });

  it('sends a heartbeat comment at least every 15 s on idle streams', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token }, 'clean-app');
    const comments: string[] = [];
    await readSse(`/v1/repositories/${repo.id}/events/stream`, { token, timeoutMs: 15_500, onComment: (c) => comments.push(c) });
    expect(comments[0]).toBe('connected');
    expect(comments).toContain('ping');
  });
});
