import { beforeAll, describe, expect, it } from 'vitest';
import { api, baseUrl, createGitRepository, newTeam, waitForScan } from '../support/api';
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
