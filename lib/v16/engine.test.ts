import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinBackend, runEngine, toJsonl } from './engine';
import { DEFAULT_THREAT_PROFILE } from './profile';
import type { EngineBackend, EngineFinding, V16Event } from './types';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/repos');
const VULNERABLE = path.join(FIXTURES, 'vulnerable-app');

async function scan(root: string, opts: { isCancelled?: () => boolean; backend?: EngineBackend; profile?: typeof DEFAULT_THREAT_PROFILE } = {}) {
  const events: V16Event[] = [];
  const summary = await runEngine({
    root,
    profile: opts.profile ?? DEFAULT_THREAT_PROFILE,
    emit: (e) => void events.push(e),
    isCancelled: opts.isCancelled ?? (() => false),
    backend: opts.backend,
  });
  const findings = events.flatMap((e) => (e.type === 'finding_updated' ? [e.finding] : []));
  return { summary, events, findings };
}

/** `// VULN: rule` and `# SAFE …` markers in the fixture, by file and line. */
async function markers(root: string, files: string[]) {
  const vulns: string[] = [];
  const safe: string[] = [];
  for (const file of files) {
    const lines = (await readFile(path.join(root, file), 'utf8')).split('\n');
    lines.forEach((line, i) => {
      const vuln = /(?:\/\/|#)\s*VULN:\s*([\w.-]+)/.exec(line);
      if (vuln) vulns.push(`${file}:${i + 1} ${vuln[1]}`);
      if (/(?:\/\/|#)\s*SAFE\b/.test(line)) safe.push(`${file}:${i + 1}`);
    });
  }
  return { vulns, safe };
}

const at = (f: EngineFinding) => `${f.path}:${f.startLine} ${f.ruleId}`;

describe('runEngine with the builtin backend', () => {
  it('narrates the scan in order: plan, one audit step per component, completion', async () => {
    const { events, summary } = await scan(VULNERABLE);
    const outline = events.filter((e) => e.type !== 'finding_updated' && e.type !== 'scan_log').map((e) => {
      if (e.type === 'step_started' || e.type === 'step_finished') return `${e.type}:${e.step_id}`;
      if (e.type === 'scan_progress') return `progress:${e.done}/${e.total}`;
      return e.type;
    });
    const plan = events.find((e) => e.type === 'step_finished' && e.step_id === 'plan');
    const ids = plan?.type === 'step_finished' ? plan.plan!.components.map((c) => c.id) : [];
    expect(ids).toEqual(['src', 'pyapp', 'root', 'scripts']);
    expect(outline).toEqual([
      'scan_started',
      'step_started:plan',
      'step_finished:plan',
      ...ids.flatMap((id, i) => [`progress:${i}/4`, `step_started:audit:${id}`, `step_finished:audit:${id}`]),
      'progress:4/4',
      'scan_completed',
    ]);
    expect(events[0]).toMatchObject({ type: 'scan_started', engine: { name: 'builtin', version: builtinBackend.version }, files: 11 });
    expect(events.find((e) => e.type === 'scan_progress')).toMatchObject({ message: 'component 1 of 4: src', component: 'src' });
    expect(summary).toMatchObject({ components: 4, files: 9, skippedFiles: 2 });
    let openStep: string | undefined;
    for (const e of events) {
      if (e.type === 'step_started') openStep = e.step_id;
      if (e.type === 'finding_updated') expect(e.step_id).toBe(openStep);
    }
  });

  it('finds every marked vulnerability in the fixture and nothing else', async () => {
    const { findings, summary, events } = await scan(VULNERABLE);
    const plan = events.find((e) => e.type === 'step_finished' && e.step_id === 'plan');
    const files = plan?.type === 'step_finished' ? plan.plan!.components.flatMap((c) => c.files) : [];
    const { vulns, safe } = await markers(VULNERABLE, files);
    expect(vulns.length).toBeGreaterThanOrEqual(15);
    expect(findings.map(at).sort()).toEqual(vulns.sort());
    const reported = new Set(findings.map((f) => `${f.path}:${f.startLine}`));
    expect(safe.filter((line) => reported.has(line))).toEqual([]);
    const total = Object.values(summary!.findings).reduce((a, b) => a + b, 0);
    expect(total).toBe(findings.length);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
  });

  it('reports nothing on the clean fixture', async () => {
    const { findings, events } = await scan(path.join(FIXTURES, 'clean-app'));
    expect(findings).toEqual([]);
    expect(events.at(-1)?.type).toBe('scan_completed');
  });

  it('reports only the weakness classes the threat profile asks for', async () => {
    const { findings } = await scan(VULNERABLE, { profile: { ...DEFAULT_THREAT_PROFILE, weaknessClasses: ['CWE-89'] } });
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(['injection.sql']));
  });

  it('stops between files when cancelled, ending with scan_cancelled', async () => {
    let cancelled = false;
    const events: V16Event[] = [];
    const summary = await runEngine({
      root: VULNERABLE,
      profile: DEFAULT_THREAT_PROFILE,
      emit: (e) => {
        events.push(e);
        if (e.type === 'finding_updated') cancelled = true;
      },
      isCancelled: () => cancelled,
    });
    expect(summary).toBeNull();
    expect(events.at(-1)).toMatchObject({ type: 'scan_cancelled', reason: 'cancellation requested' });
    const findings = events.flatMap((e) => (e.type === 'finding_updated' ? [e.finding] : []));
    // The first file with findings is finished; no later file is read.
    expect(new Set(findings.map((f) => f.path))).toEqual(new Set(['src/config.js']));
    expect(events.some((e) => e.type === 'step_finished' && e.step_id === 'audit:src')).toBe(false);
    expect(events.some((e) => e.type === 'scan_completed')).toBe(false);
  });

  it('logs a file that does not parse as a warning and keeps going', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'vega-engine-'));
    try {
      await mkdir(path.join(root, 'src'));
      // Something a rule looks for, or the file is never parsed (audit/js/markers.ts).
      await writeFile(path.join(root, 'src', 'broken.js'), 'function (req\n');
      await writeFile(path.join(root, 'src', 'ok.js'), "app.get('/', (req, res) => eval(req.query.x));\n");
      const { events, findings } = await scan(root);
      expect(events).toContainEqual(expect.objectContaining({ type: 'scan_log', level: 'warn', step_id: 'audit:src', message: expect.stringContaining('src/broken.js: syntax error at line') }));
      expect(findings.map(at)).toEqual(['src/ok.js:1 injection.code']);
      expect(events.at(-1)?.type).toBe('scan_completed');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('runEngine with a failing backend', () => {
  const plan = {
    components: ['a', 'b'].map((id) => ({ id, name: id, root: id, files: [`${id}/x.js`], languages: ['javascript' as const], reason: '', estimatedBytes: 1 })),
    skipped: [],
  };

  it('marks a component whose audit throws as failed and audits the next', async () => {
    const backend: EngineBackend = {
      name: 'test',
      version: '0',
      plan: async () => plan,
      audit: async (_root, component) => {
        if (component.id === 'a') throw new Error('parser exploded');
      },
    };
    const { events, summary } = await scan(VULNERABLE, { backend });
    expect(events).toContainEqual(expect.objectContaining({ type: 'scan_log', level: 'error', step_id: 'audit:a' }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'step_finished', step_id: 'audit:a', exit_code: 1, error: 'parser exploded' }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'step_finished', step_id: 'audit:b', exit_code: 0 }));
    expect(summary).toMatchObject({ components: 2, files: 1 });
  });

  it('ends with scan_failed when planning throws', async () => {
    const backend: EngineBackend = {
      name: 'test',
      version: '0',
      plan: async () => {
        throw new Error('snapshot unreadable');
      },
      audit: async () => {},
    };
    const { events, summary } = await scan(VULNERABLE, { backend });
    expect(summary).toBeNull();
    expect(events.at(-1)).toMatchObject({ type: 'scan_failed', error: 'snapshot unreadable' });
  });
});

describe('toJsonl', () => {
  it('writes one JSON line per event', () => {
    const event: V16Event = { type: 'scan_log', ts: '2025-01-01T00:00:00.000Z', level: 'info', message: 'a\nb' };
    const line = toJsonl(event);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(event);
  });
});
