import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBuiltinBackend } from '../builtin-backend';
import { runEngine } from '../engine';
import { DEFAULT_THREAT_PROFILE } from '../profile';
import type { V16Event } from '../types';
import { isolatedAnalyzer } from './isolated-analyzer';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** About 900 KB of route handlers: a second or more of analysis, far over a quarter-second budget. */
function slowFile(length = 6000): string {
  const routes = Array.from(
    { length },
    (_, i) => `app.get('/r${i}', (req, res) => { const q${i} = req.query.q${i} + '${i}'; db.query("SELECT * FROM t WHERE a = '" + q${i} + "'"); res.send(q${i}); });`,
  );
  return `const express = require('express');\nconst app = express();\nconst db = require('./db');\n${routes.join('\n')}\n`;
}
const CMDI = `const { exec } = require('node:child_process');\nmodule.exports = (req, res) => exec('ping -c 1 ' + req.query.host, (e, out) => res.send(String(out)));\n`;

describe('per-file analysis budget', () => {
  it('a file over its budget is reported as not analyzed: the step is partial, the scan goes on, the other files are audited', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'vega-budget-'));
    dirs.push(root);
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'slow', dependencies: { express: '4.19.2' } }));
    writeFileSync(path.join(root, 'a-slow.js'), slowFile());
    writeFileSync(path.join(root, 'b-ping.js'), CMDI);
    const events: V16Event[] = [];
    const started = Date.now();
    const summary = await runEngine({
      root,
      profile: DEFAULT_THREAT_PROFILE,
      backend: createBuiltinBackend({ budget: { fileMs: 250 } }),
      isCancelled: () => false,
      emit: (e) => void events.push(e),
    });
    expect(Date.now() - started).toBeLessThan(30_000);
    const logs = events.flatMap((e) => (e.type === 'scan_log' ? [`${e.level} ${e.message}`] : []));
    expect(logs).toContain('warn a-slow.js: not analyzed (timed out after 250 ms); coverage of root is partial');
    const audit = events.find((e) => e.type === 'step_finished' && e.kind === 'audit');
    expect(audit).toMatchObject({ outcome: 'partial', error: '1 file not analyzed: a-slow.js (timed out after 250 ms)' });
    const found = events.flatMap((e) => (e.type === 'finding_updated' ? [`${e.finding.ruleId} ${e.finding.path}`] : []));
    expect(found).toContain('injection.command b-ping.js');
    expect(found.some((f) => f.endsWith('a-slow.js'))).toBe(false);
    expect(summary?.coverage).toBe('partial');
    expect(events.at(-1)?.type).toBe('scan_completed');
  });

  it('the worker is replaced after a stop: later files are analyzed as usual, with the modules they read', async () => {
    const analyzer = isolatedAnalyzer({ fileMs: 250, memoryMb: 1024 });
    analyzer.load(new Map([['slow.js', slowFile()], ['ping.js', CMDI], ['helper.js', "const { exec } = require('node:child_process');\nexports.run = (cmd) => exec(cmd);\n"], ['uses.js', "const express = require('express');\nconst { run } = require('./helper');\nconst app = express();\napp.get('/', (req, res) => run('ls ' + req.query.dir));\n"]]));
    expect(await analyzer.analyze('slow.js')).toEqual({ kind: 'not_analyzed', reason: 'timed out after 250 ms' });
    const ping = await analyzer.analyze('ping.js');
    expect(ping.kind).toBe('audited');
    expect(ping.kind === 'audited' && ping.audit.findings.map((f) => f.ruleId)).toEqual(['injection.command']);
    const uses = await analyzer.analyze('uses.js');
    // Followed into the helper module the worker was given: the flow is found, and the read recorded (the cache's invalidation needs it).
    expect(uses.kind === 'audited' && uses.audit.findings.map((f) => f.ruleId)).toEqual(['injection.command']);
    expect(uses.kind === 'audited' && uses.reads).toContain('helper.js');
    expect(await analyzer.analyze('missing.js')).toEqual({ kind: 'failed', message: 'not loaded' });
  });

  it('a file over its memory budget is reported as not analyzed, and the next file gets a new worker', async () => {
    // 4.5 MB of handlers: its syntax tree alone is far over 64 MB of heap.
    const analyzer = isolatedAnalyzer({ fileMs: 120_000, memoryMb: 64 });
    analyzer.load(new Map([['big.js', slowFile(30_000)], ['ping.js', CMDI]]));
    expect(await analyzer.analyze('big.js')).toEqual({ kind: 'not_analyzed', reason: 'ran out of memory (over 64 MB)' });
    const ping = await analyzer.analyze('ping.js');
    expect(ping.kind === 'audited' && ping.audit.findings.map((f) => f.ruleId)).toEqual(['injection.command']);
  });
});
