import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sarifValidator } from '../tests/support/sarif-schema';
import { fileBudgetMs, fileMemoryMb } from './scan';

const repo = path.resolve(import.meta.dirname, '..');
function vega(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/vega.mjs'), 'scan', ...args], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vega scan', () => {
  it('reports the vulnerable app as JSON and fails the build', () => {
    const r = vega('fixtures/repos/vulnerable-app', '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.tool.name).toBe('vega-builtin');
    const cwes = new Set(report.findings.map((f: { cwe: string }) => f.cwe));
    expect(cwes).toContain('CWE-89');
    expect(cwes).toContain('CWE-78');
    const sql = report.findings.find((f: { cwe: string; path: string }) => f.cwe === 'CWE-89' && f.path.endsWith('users.js'));
    expect(sql.trace[0].note).toMatch(/request input enters/);
    expect(sql.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(report.summary.components).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/planned \d+ components/);
  });

  it('passes the clean app and prints the summary table', () => {
    const r = vega('fixtures/repos/clean-app', '--fail-on', 'low');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Summary/);
    expect(r.stdout).toMatch(/total findings\s+0/);
  });

  it('writes the report to --output and honours --fail-on critical', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vega-scan-'));
    try {
      const out = path.join(dir, 'report.json');
      const r = vega('fixtures/repos/vulnerable-app', '--format', 'json', '--output', out, '--fail-on', 'critical');
      expect(r.stdout).toBe('');
      const report = JSON.parse(readFileSync(out, 'utf8'));
      const critical = report.findings.some((f: { severity: string }) => f.severity === 'critical');
      expect(r.code).toBe(critical ? 1 : 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on usage errors', () => {
    expect(vega().code).toBe(2);
    expect(vega('fixtures/repos/clean-app', '--format', 'xml').code).toBe(2);
    expect(vega('fixtures/repos/clean-app', '--fail-on', 'severe').code).toBe(2);
    expect(vega('fixtures/repos/does-not-exist').code).toBe(2);
  });

  it('reads the per-file budgets as the server does (VEGA_ENGINE_FILE_BUDGET_MS, VEGA_ENGINE_FILE_MEMORY_MB)', () => {
    expect([fileBudgetMs(undefined), fileBudgetMs('250')]).toEqual([10_000, 250]);
    expect([fileMemoryMb(undefined), fileMemoryMb(''), fileMemoryMb('512')]).toEqual([1024, 1024, 512]);
    expect(() => fileMemoryMb('16')).toThrow(/at least 32/);
    expect(() => fileMemoryMb('1.5')).toThrow(/whole number/);
  });

  it('writes SARIF 2.1.0 that the official schema accepts, one result per finding with its fingerprint', () => {
    const r = vega('fixtures/repos/vulnerable-app', '--format', 'sarif', '--fail-on', 'low');
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(sarifValidator()(log)).toEqual({ ok: true, errors: '' });
    const json = JSON.parse(vega('fixtures/repos/vulnerable-app', '--format', 'json').stdout);
    expect(log.runs[0].tool.driver.name).toBe('vega-builtin');
    expect(log.runs[0].results.map((x: { partialFingerprints: Record<string, string> }) => Object.values(x.partialFingerprints)[0]).sort()).toEqual(
      json.findings.map((f: { fingerprint: string }) => f.fingerprint).sort(),
    );
  });
});
