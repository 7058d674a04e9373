import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '../../lib/db/client';
import { repositories } from '../../lib/db/schema';
import { importSarif } from '../../lib/sarif/import';
import { getSql } from '../support/sql';
import { ingestBatch } from '../../lib/ingest/ingest-batch';
import { findingsFromSarif, sarifLogSchema } from '../../lib/sarif/parse';
import type { V16Event } from '../../lib/v16/types';
import { api, baseUrl, createGitRepository, newTeam, liveSse, waitForScan } from '../support/api';
import { sarifValidator } from '../support/sarif-schema';

let token: string;
let repoId: string;
let scanId: string;
const validate = sarifValidator();

beforeAll(async () => {
  ({ token } = await newTeam());
  repoId = (await createGitRepository({ token })).id;
  scanId = (await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST' })).body.id;
  await waitForScan({ token }, repoId, scanId);
});

const semgrepLike = {
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  version: '2.1.0',
  runs: [
    {
      tool: {
        driver: {
          name: 'semgrep',
          version: '1.90.0',
          rules: [
            { id: 'js.express.xss', shortDescription: { text: 'Reflected XSS' }, help: { text: 'Escape output.' }, properties: { tags: ['CWE-79: Improper Neutralization'], 'security-severity': '7.5', precision: 'high' } },
          ],
        },
      },
      results: [
        {
          ruleId: 'js.express.xss',
          level: 'error',
          message: { text: 'User input flows into res.send' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'src/server.js' }, region: { startLine: 14, snippet: { text: 'res.send(req.query.q)' } } } }],
          partialFingerprints: { primaryLocationLineHash: 'abc123:1' },
        },
        {
          ruleId: 'js.express.xss',
          level: 'warning',
          message: { text: 'Second sink without fingerprints' },
          locations: [{ physicalLocation: { artifactLocation: { uri: './src/routes/files.ts' }, region: { startLine: 3 } } }],
        },
      ],
    },
  ],
};

describe('SARIF export', () => {
  it('GET …/scans/:scanId/findings.sarif is valid SARIF 2.1.0 with one result per finding of the scan', async () => {
    const res = await fetch(`${baseUrl()}/v1/repositories/${repoId}/scans/${scanId}/findings.sarif`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/sarif+json');
    const log = await res.json();
    expect(validate(log).errors).toBe('');
    const findings = (await api(`/v1/repositories/${repoId}/findings?limit=200`, { token })).body;
    const results = log.runs[0].results;
    expect(results.length).toBe(findings.length);
    expect(results.map((r: any) => r.partialFingerprints['vegaFingerprint/v1']).sort()).toEqual(findings.map((f: any) => f.fingerprint).sort());
    expect(results.every((r: any) => r.baselineState === 'new')).toBe(true);
    expect(log.runs[0].tool.driver.rules.some((r: any) => r.properties.tags.some((t: string) => t.startsWith('external/cwe/')))).toBe(true);
  });

  it('GET …/findings.sarif exports the repository with triage as suppressions; 404 for another team', async () => {
    const [f] = (await api(`/v1/repositories/${repoId}/findings`, { token })).body;
    await api(`/v1/repositories/${repoId}/findings/${f.id}`, { token, method: 'PATCH', json: { status: 'false_positive', note: 'fixture' } });
    const res = await api(`/v1/repositories/${repoId}/findings.sarif`, { token });
    expect(res.status).toBe(200);
    expect(validate(res.body).errors).toBe('');
    const suppressed = res.body.runs[0].results.find((r: any) => r.partialFingerprints['vegaFingerprint/v1'] === f.fingerprint);
    expect(suppressed.suppressions).toEqual([{ kind: 'external', justification: 'false positive: fixture' }]);
    const other = await newTeam();
    expect((await api(`/v1/repositories/${repoId}/findings.sarif`, { token: other.token })).status).toBe(404);
    expect((await api(`/v1/repositories/${repoId}/scans/${scanId}/findings.sarif`, { token: other.token })).status).toBe(404);
  });

  it('the validator rejects what is not SARIF (a result line 0)', () => {
    const bad = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region: { startLine: 0 } } }] }] }] };
    expect(validate(bad).ok).toBe(false);
  });
});

describe('POST /v1/repositories/:id/sarif', () => {
  it('imports another scanner’s results as a completed sarif-import scan whose results are findings', async () => {
    const res = await api(`/v1/repositories/${repoId}/sarif`, { token, method: 'POST', json: semgrepLike });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ engine: 'sarif-import', status: 'completed', imported_results: 2 });
    const scan = await waitForScan({ token }, repoId, res.body.id);
    expect(scan.status).toBe('completed');
    const imported = (await api(`/v1/repositories/${repoId}/findings?q=js.express.xss`, { token })).body;
    expect(imported).toHaveLength(2);
    const first = imported.find((f: any) => f.path === 'src/server.js');
    expect(first).toMatchObject({ severity: 'high', cwe: 'CWE-79', start_line: 14, title: 'Reflected XSS', tool: 'sarif:semgrep', first_seen_scan_id: res.body.id, snippet: 'res.send(req.query.q)' });
    expect(imported.find((f: any) => f.path === 'src/routes/files.ts')).toMatchObject({ severity: 'high' });
    const events = (await api(`/v1/repositories/${repoId}/events?scan_id=${res.body.id}&limit=200`, { token })).body;
    expect(events.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['scan_started', 'scan_log', 'finding_updated', 'scan_completed']));
    // The same file imported again: the same findings (fingerprints from partialFingerprints, or computed), nothing new.
    const again = await api(`/v1/repositories/${repoId}/sarif`, { token, method: 'POST', json: semgrepLike });
    expect((await api(`/v1/repositories/${repoId}/findings?q=js.express.xss`, { token })).body.map((f: any) => f.id).sort()).toEqual(imported.map((f: any) => f.id).sort());
    const diff = (await api(`/v1/repositories/${repoId}/scans/${again.body.id}/diff?base=${res.body.id}`, { token })).body;
    expect(diff.new).toEqual([]);
    expect(diff.persisting).toHaveLength(2);
  });

  it('400 for what is not SARIF 2.1.0, 413 past the size limit', async () => {
    const notJson = await api(`/v1/repositories/${repoId}/sarif`, { token, method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_sarif');
    const wrongVersion = await api(`/v1/repositories/${repoId}/sarif`, { token, method: 'POST', json: { ...semgrepLike, version: '2.0.0' } });
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.body.error.message).toContain('2.1.0');
    const noDriver = await api(`/v1/repositories/${repoId}/sarif`, { token, method: 'POST', json: { version: '2.1.0', runs: [{ results: [] }] } });
    expect(noDriver.status).toBe(400);
    const huge = await api(`/v1/repositories/${repoId}/sarif`, { token, method: 'POST', body: 'x'.repeat(21 * 1024 * 1024), headers: { 'content-type': 'application/json' } });
    expect(huge.status).toBe(413);
  });
});

// A tool's log with one result per key: the key is its partialFingerprint and its file, so results are told apart.
const toolLog = (tool: string, keys: string[] | null, run: Record<string, unknown> = {}) => ({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: tool, rules: [{ id: `${tool}.rule`, shortDescription: { text: `${tool} finding` } }] } },
      ...(keys === null
        ? {}
        : {
            results: keys.map((k) => ({
              ruleId: `${tool}.rule`,
              level: 'warning',
              message: { text: `${tool} says ${k}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: `src/${k}.js` }, region: { startLine: 2 } } }],
              partialFingerprints: { key: k },
            })),
          }),
      ...run,
    },
  ],
});

describe('SARIF imports across time: a tool’s later import marks what it no longer reports fixed', () => {
  const importLog = async (log: unknown) => {
    const res = await api(`/v1/repositories/${repoId}/sarif`, { token, method: 'POST', json: log });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const toolFindings = async (tool: string): Promise<Record<string, any>> => {
    const list = (await api(`/v1/repositories/${repoId}/findings?limit=200&q=${tool}.rule`, { token })).body as any[];
    return Object.fromEntries(list.filter((f) => f.tool === `sarif:${tool}`).map((f) => [f.path.replace(/^src\/|\.js$/g, ''), f]));
  };
  const engineFindings = async () =>
    ((await api(`/v1/repositories/${repoId}/findings?limit=200`, { token })).body as any[])
      .filter((f) => f.tool === 'vega')
      .map((f) => ({ id: f.id, status: f.status, last_seen_scan_id: f.last_seen_scan_id, fixed_scan_id: f.fixed_scan_id, updated_at: f.updated_at }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));

  it('fixes, reopens, keeps triage, and leaves other tools and the engine alone', async () => {
    const engineBefore = await engineFindings();
    expect(engineBefore.length).toBeGreaterThan(0);
    const first = await importLog(toolLog('lint-a', ['one', 'two', 'three', 'four']));
    await importLog(toolLog('lint-b', ['one']));
    let a = await toolFindings('lint-a');
    expect(Object.keys(a).sort()).toEqual(['four', 'one', 'three', 'two']);
    await api(`/v1/repositories/${repoId}/findings/${a.two.id}`, { token, method: 'PATCH', json: { status: 'false_positive', note: 'test helper' } });
    await api(`/v1/repositories/${repoId}/findings/${a.three.id}`, { token, method: 'PATCH', json: { status: 'confirmed', note: 'real' } });
    await api(`/v1/repositories/${repoId}/findings/${a.four.id}`, { token, method: 'PATCH', json: { status: 'accepted_risk', note: 'internal only' } });

    // lint-a again, without two, three and four, with a new one.
    const second = await importLog(toolLog('lint-a', ['one', 'five']));
    a = await toolFindings('lint-a');
    expect(a.one).toMatchObject({ status: 'open', last_seen_scan_id: second });
    expect(a.five).toMatchObject({ status: 'open', first_seen_scan_id: second });
    expect(a.three).toMatchObject({ status: 'fixed', fixed_scan_id: second });
    expect(a.two).toMatchObject({ status: 'false_positive', fixed_scan_id: null });
    expect(a.four).toMatchObject({ status: 'accepted_risk', fixed_scan_id: null });
    const history = (await api(`/v1/repositories/${repoId}/findings/${a.three.id}`, { token })).body.triage;
    expect(history.at(-1)).toMatchObject({ from: 'confirmed', to: 'fixed', note: expect.stringContaining(second) });
    // Another tool's findings and the engine's are not touched.
    expect((await toolFindings('lint-b')).one).toMatchObject({ status: 'open', fixed_scan_id: null });
    expect(await engineFindings()).toEqual(engineBefore);
    const diff = (await api(`/v1/repositories/${repoId}/scans/${second}/diff?base=${first}`, { token })).body;
    expect(diff.fixed.map((f: any) => f.id)).toEqual([a.three.id]);
    expect(diff.new.map((f: any) => f.id)).toEqual([a.five.id]);

    // three comes back: reopened, with a note; five is gone now. A result marked absent (Vega's export of a fixed finding) is not one.
    const log = toolLog('lint-a', ['one', 'three', 'five']);
    (log.runs[0] as any).results[2].baselineState = 'absent';
    const third = await importLog(log);
    a = await toolFindings('lint-a');
    expect(a.three).toMatchObject({ status: 'open', fixed_scan_id: null, last_seen_scan_id: third });
    expect((await api(`/v1/repositories/${repoId}/findings/${a.three.id}`, { token })).body.triage.at(-1)).toMatchObject({ from: 'fixed', to: 'open', note: expect.stringContaining(third) });
    expect(a.five).toMatchObject({ status: 'fixed', fixed_scan_id: third });
    expect((await api(`/v1/repositories/${repoId}/scans/${third}/diff?base=${second}`, { token })).body).toMatchObject({
      reopened: [expect.objectContaining({ id: a.three.id })],
      fixed: [expect.objectContaining({ id: a.five.id })],
    });
  });

  it('a run without results, or with a failed invocation, fixes nothing; an empty one fixes everything of its tool', async () => {
    const before = await toolFindings('lint-a');
    const open = Object.entries(before).filter(([, f]) => f.status === 'open').map(([k]) => k).sort();
    expect(open).toEqual(['one', 'three']);
    const noResults = await importLog(toolLog('lint-a', null));
    const warnings = (await api(`/v1/repositories/${repoId}/events?scan_id=${noResults}&limit=200`, { token })).body.filter((e: any) => e.kind === 'scan_log' && e.data.level === 'warn');
    expect(warnings.map((e: any) => e.data.message)).toEqual([expect.stringContaining('lint-a: the run has no results array')]);
    await importLog(toolLog('lint-a', [], { invocations: [{ executionSuccessful: false }] }));
    // Two runs of one tool in one file are one result set: one of them incomplete makes it incomplete.
    await importLog({ version: '2.1.0', runs: [toolLog('lint-a', []).runs[0], toolLog('lint-a', null).runs[0]] });
    expect(await toolFindings('lint-a')).toEqual(before);
    const clean = await importLog(toolLog('lint-a', []));
    const after = await toolFindings('lint-a');
    for (const k of open) expect(after[k]).toMatchObject({ status: 'fixed', fixed_scan_id: clean });
    expect(after.two.status).toBe('false_positive');
    expect(after.four.status).toBe('accepted_risk');
    expect((await toolFindings('lint-b')).one.status).toBe('open');
  });

  it('of two imports of one tool running at once, the one that completes last decides', async () => {
    // Import B reports x, then import A (only y) runs from start to end, then B completes.
    const sql = getSql();
    const [b] = await sql<{ id: string }[]>`
      insert into scans (repository_id, team_id, snapshot_id, status, engine, attempt, claimed_at, claimed_by, lease_expires_at, heartbeat_at)
      select r.id, r.team_id, s.id, 'claimed', 'sarif-import', 1, now(), 'sarif-import', now() + interval '5 minutes', now()
      from repositories r join snapshots s on s.repository_id = r.id where r.id = ${repoId} order by s.created_at desc limit 1
      returning id`;
    const [run] = findingsFromSarif(sarifLogSchema.parse(toolLog('lint-c', ['x'])));
    const ts = () => new Date().toISOString();
    const send = (batchSeq: number, events: V16Event[], fixesTools?: string[]) =>
      ingestBatch({ scanId: b.id, attempt: 1, events, leaseSeconds: 60, batchSeq, tool: 'sarif:lint-c', fixesTools });
    await send(1, [
      { type: 'scan_started', ts: ts(), engine: { name: 'sarif-import', version: '2.1.0' }, files: 1 },
      { type: 'finding_updated', ts: ts(), step_id: 'import:0', finding: run.findings[0] },
    ]);
    const a = await importLog(toolLog('lint-c', ['y']));
    expect((await toolFindings('lint-c')).x).toMatchObject({ status: 'fixed', fixed_scan_id: a });
    expect(await send(2, [{ type: 'scan_completed', ts: ts(), summary: {} as never }], ['sarif:lint-c'])).toMatchObject({ accepted: true, status: 'completed' });
    const c = await toolFindings('lint-c');
    expect(c.x).toMatchObject({ status: 'open', fixed_scan_id: null });
    expect(c.y).toMatchObject({ status: 'fixed', fixed_scan_id: b.id });
  });

  it('an import that fails on the way fails its scan through the lifecycle: its live stream ends with run_failed', async () => {
    const [repo] = await getDb().select().from(repositories).where(eq(repositories.id, repoId));
    // A result the import cannot store, whatever went wrong: here, a fingerprint that is not one.
    const [run] = findingsFromSarif(sarifLogSchema.parse(toolLog('lint-d', ['p', 'q'])));
    const broken = { ...run, findings: [run.findings[0], { ...run.findings[1], fingerprint: 'not-a-fingerprint' }] };
    const stream = liveSse(`/v1/repositories/${repoId}/events/stream`, {
      token,
      until: (msgs) => msgs.some((m) => m.event === 'run_finalized' && m.data.status === 'failed'),
      timeoutMs: 30_000,
    });
    await stream.live;
    await expect(importSarif(repo, [broken], { userId: null, leaseSeconds: 60 })).rejects.toThrow(/fingerprint/);
    const { messages } = await stream.done;
    const failed = messages.find((m) => m.event === 'run_failed');
    expect(failed?.data).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^SARIF import failed: .*fingerprint/) });
    const own = messages.filter((m) => m.data.run_id === failed!.data.run_id).map((m) => m.event);
    expect(own.slice(-2)).toEqual(['run_failed', 'run_finalized']);
    const scan = (await api(`/v1/repositories/${repoId}/scans/${failed!.data.run_id}`, { token })).body;
    expect(scan).toMatchObject({ engine: 'sarif-import', status: 'failed', error: expect.stringMatching(/^SARIF import failed/) });
  });
});

