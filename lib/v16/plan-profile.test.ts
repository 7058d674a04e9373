import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSnapshot } from './plan';
import { DEFAULT_THREAT_PROFILE } from './profile';

let root: string;

async function put(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), content);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'vega-plan-profile-'));
  await put('package.json', '{ "name": "shop" }');
  await put('Dockerfile', 'FROM node:20\nCMD ["node", "server.js"]\n');
  await put('.github/workflows/ci.yml', 'on: push\njobs: {}\n');
  await put('infra/main.tf', 'resource "aws_s3_bucket" "b" {}\n');
  await put('src/routes/orders.ts', "router.get('/orders', handler);");
  await put('lib/auth/session.ts', 'export const s = 1;');
  await put('lib/db/queries.ts', 'export const q = 1;');
  await put('lib/util/format.ts', 'export const f = 1;');
  await put('tests/orders.test.ts', 'it("x", () => {});');
  await put('services/payments/package.json', '{ "name": "payments" }');
  await put('services/payments/index.js', 'module.exports = 1;');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('planning from the threat profile', () => {
  it('ranks components, gives each a kind and a rank, and gathers infrastructure files', async () => {
    const plan = await planSnapshot(root, DEFAULT_THREAT_PROFILE);
    const byId = new Map(plan.components.map((c) => [c.id, c]));
    expect(plan.components.map((c) => c.rank)).toEqual(plan.components.map((_, i) => i + 1));
    expect(plan.components[0].kind).toBe('handlers');
    const infra = byId.get('infrastructure')!;
    expect(infra.kind).toBe('infrastructure');
    expect(infra.files.sort()).toEqual(['.github/workflows/ci.yml', 'Dockerfile', 'infra/main.tf']);
    expect(infra.reason).toMatch(/deployment and CI files/);
    expect(byId.get('services/payments')!.kind).toBe('service');
    expect(byId.get('tests')!.kind).toBe('tests');
    expect(plan.components[plan.components.length - 1].id).toBe('tests');
    for (const c of plan.components) expect(c.estimatedBytes).toBeGreaterThan(0);
  });

  it('reads the weakness classes and focus paths of the profile', async () => {
    const secretsOnly = await planSnapshot(root, { ...DEFAULT_THREAT_PROFILE, weaknessClasses: ['CWE-798'] });
    const flows = await planSnapshot(root, { ...DEFAULT_THREAT_PROFILE, weaknessClasses: ['CWE-89'] });
    const rankOf = (plan: typeof flows, id: string) => plan.components.find((c) => c.id === id)!.rank!;
    expect(rankOf(secretsOnly, 'infrastructure')).toBeLessThan(rankOf(flows, 'infrastructure'));
    const focused = await planSnapshot(root, { ...DEFAULT_THREAT_PROFILE, focusPaths: ['services/payments/**'] });
    expect(focused.components[0].id).toBe('services/payments');
    expect(focused.components[0].reason).toMatch(/focus paths/);
  });
});
