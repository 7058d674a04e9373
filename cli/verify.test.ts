import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENVELOPE_VERSION } from '../lib/evidence/envelope';
import { sealEnvelope } from '../lib/evidence/seal';
import { publicKeyPem } from '../lib/evidence/signing';

const repo = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'vega-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vega(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/vega.mjs'), 'verify', ...args], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const { privateKey } = generateKeyPairSync('ed25519');
const envelope = sealEnvelope(
  {
    envelope_version: ENVELOPE_VERSION,
    evidence_id: 'ev-cli',
    sealed_at: '2026-11-21T10:00:00.000Z',
    identity: {
      scan_id: 's', attempt: 1, status: 'failed', error: 'runner error: boom', repository: { id: 'r', name: 'shop' }, team: { id: 't', slug: 'acme' },
      snapshot: { sha256: 'a'.repeat(64), source: { type: 'upload', location: 'shop.zip', ref: null } }, engine: { name: 'builtin', version: '16' },
      threat_profile_version: 1, created_at: '2026-11-21T09:00:00.000Z', started_at: null, finished_at: '2026-11-21T09:01:00.000Z',
    },
    execution: { steps: [] },
    gates: [],
    findings: [],
    artifacts: [],
    coverage: { status: 'none', components_planned: 0, components_audited: 0, files_planned: 0, not_scanned: 0 },
  },
  privateKey,
);

describe('vega verify', () => {
  it('exits 0 for a valid envelope, checking the signer when given a public key', () => {
    const file = path.join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(envelope, null, 2));
    const key = path.join(dir, 'key.pem');
    writeFileSync(key, publicKeyPem(privateKey));
    const r = vega(file, '--public-key', key);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^VALID: 3 records chained, head [0-9a-f]{64}, Ed25519 signature verified/);
  });

  it('exits 1 naming the first broken link when a byte changed', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(envelope).replace('runner error: boom', 'runner error: bOom'));
    const r = vega(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/INVALID: integrity\.hash_chain\[1\] \(identity\): hash mismatch/);
  });

  it('exits 1 for a file that is not JSON, 2 without a file', () => {
    const file = path.join(dir, 'junk.json');
    writeFileSync(file, 'not json');
    expect(vega(file).code).toBe(1);
    expect(vega().code).toBe(2);
  });
});
