import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestOf } from './chain';
import { ENVELOPE_VERSION, type Envelope, type EnvelopeBody } from './envelope';
import { sealEnvelope } from './seal';
import { publicKeyPem } from './signing';
import { verifyEnvelope } from './verify';

function body(): EnvelopeBody {
  const finding = (n: number) => ({ id: `f-${n}`, fingerprint: `${n}`.repeat(64).slice(0, 64), rule_id: 'sql.injection', severity: 'high', cwe: 'CWE-89', path: `src/db${n}.js`, start_line: n, end_line: n + 1, digest: digestOf({ n }) });
  return {
    envelope_version: ENVELOPE_VERSION,
    evidence_id: 'ev-1',
    sealed_at: '2026-11-21T10:00:00.000Z',
    identity: {
      scan_id: 's-1',
      attempt: 1,
      status: 'completed',
      error: null,
      repository: { id: 'r-1', name: 'shop' },
      team: { id: 't-1', slug: 'acme' },
      snapshot: { sha256: 'a'.repeat(64), source: { type: 'git', location: 'https://example.com/shop.git', ref: 'main' } },
      engine: { name: 'builtin', version: '16.0.0' },
      threat_profile_version: 2,
      created_at: '2026-11-21T09:59:00.000Z',
      started_at: '2026-11-21T09:59:01.000Z',
      finished_at: '2026-11-21T09:59:30.000Z',
    },
    execution: {
      steps: [
        { step_id: 'plan', kind: 'plan', component: null, started_at: '2026-11-21T09:59:01.000Z', finished_at: '2026-11-21T09:59:02.000Z', exit_code: 0, outcome: null, findings_count: null, usage: null },
        { step_id: 'audit:api', kind: 'audit', component: 'api', started_at: '2026-11-21T09:59:02.000Z', finished_at: '2026-11-21T09:59:20.000Z', exit_code: 0, outcome: 'ok', findings_count: 2, usage: { tokens: 1200 } },
        { step_id: 'audit:web', kind: 'audit', component: 'web', started_at: '2026-11-21T09:59:20.000Z', finished_at: '2026-11-21T09:59:29.000Z', exit_code: 0, outcome: 'ok', findings_count: 1, usage: null },
      ],
    },
    gates: [{ gate_id: 'g-1', kind: 'plan_review', status: 'decided', reason: 'plan review', opened_at: '2026-11-21T09:59:02.000Z', decision: { action: 'approve', decided_by: 'u-1', decided_at: '2026-11-21T09:59:05.000Z', detail: null } }],
    findings: [finding(1), finding(2), finding(3)],
    artifacts: [{ name: 'v16-report.json', size_bytes: 1234, sha256: 'b'.repeat(64) }],
    coverage: { status: 'complete', components_planned: 2, components_audited: 2, files_planned: 40, not_scanned: 3 },
  };
}

const copy = (e: Envelope): Envelope => structuredClone(e);

/** Every leaf of a JSON value, as a path of keys. */
function leaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, Array.isArray(value) ? Number(k) : k]));
  return [at];
}

function mutate(e: Envelope, path: (string | number)[]): Envelope {
  const out = copy(e) as unknown as Record<string | number, unknown>;
  let node = out as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const v = node[last];
  node[last] = typeof v === 'string' ? (v.length ? String.fromCharCode(v.charCodeAt(0) ^ 1) + v.slice(1) : 'x') : typeof v === 'number' ? v + 1 : typeof v === 'boolean' ? !v : 'changed';
  return out as unknown as Envelope;
}

describe('evidence envelope', () => {
  it('round trip: sealed, then verified; the head is the last link', () => {
    const sealed = sealEnvelope(body());
    expect(verifyEnvelope(sealed)).toEqual({ valid: true, head: sealed.integrity.head, entries: 11, signed: false });
    expect(sealed.integrity.hash_chain.map((e) => e.ref)).toEqual([
      'header', 'identity', 'execution.steps[0]', 'execution.steps[1]', 'execution.steps[2]', 'gates[0]', 'findings[0]', 'findings[1]', 'findings[2]', 'artifacts[0]', 'coverage',
    ]);
    expect(sealed.integrity.head).toBe(sealed.integrity.hash_chain.at(-1)!.hash);
    // Through JSON text and back (what a download is) it still verifies.
    expect(verifyEnvelope(JSON.parse(JSON.stringify(sealed))).valid).toBe(true);
  });

  it('changing any single field, anywhere (integrity included), fails verification', () => {
    const sealed = sealEnvelope(body(), generateKeyPairSync('ed25519').privateKey);
    const paths = leaves(sealed);
    expect(paths.length).toBeGreaterThan(80);
    for (const path of paths) expect(verifyEnvelope(mutate(sealed, path)).valid, path.join('.')).toBe(false);
  });

  it('names the first broken link: reordered steps, a dropped finding, a truncated chain', () => {
    const sealed = sealEnvelope(body());
    const reordered = copy(sealed);
    reordered.execution.steps.reverse();
    expect(verifyEnvelope(reordered)).toMatchObject({ valid: false, broken_link: { index: 2, ref: 'execution.steps[0]' } });

    const dropped = copy(sealed);
    dropped.findings.splice(1, 1);
    expect(verifyEnvelope(dropped)).toMatchObject({ valid: false, broken_link: { index: 7, ref: 'findings[1]' } });

    const truncated = copy(sealed);
    truncated.integrity.hash_chain.pop();
    truncated.integrity.head = truncated.integrity.hash_chain.at(-1)!.hash;
    const r = verifyEnvelope(truncated);
    expect(r).toMatchObject({ valid: false, broken_link: { ref: 'coverage' } });
    expect(!r.valid && r.error).toMatch(/not chained/);
  });

  it('a signed head verifies with its public key and fails with another', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519').privateKey;
    const sealed = sealEnvelope(body(), privateKey);
    expect(verifyEnvelope(sealed, { publicKey: publicKeyPem(privateKey) })).toMatchObject({ valid: true, signed: true });
    expect(verifyEnvelope(sealed, { publicKey: publicKeyPem(other) }).valid).toBe(false);
    // Re-sealed by someone else with their key: the chain holds, but not the expected signer.
    const forged = sealEnvelope({ ...body(), evidence_id: 'ev-forged' }, other);
    expect(verifyEnvelope(forged, { publicKey: publicKeyPem(privateKey) }).valid).toBe(false);
    expect(verifyEnvelope(sealEnvelope(body()), { publicKey: publicKeyPem(privateKey) }).valid).toBe(false);
  });

  it('refuses what is not an envelope, saying where', () => {
    expect(verifyEnvelope({})).toMatchObject({ valid: false, error: expect.stringMatching(/^not an evidence envelope: /) });
    expect(verifyEnvelope('nope').valid).toBe(false);
  });
});
