import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditSource } from './audit/audit-source';
import { fileKind } from './languages';
import { planSnapshot } from './plan';
import { DEFAULT_THREAT_PROFILE } from './profile';

// Scripts without an extension (a package's `bin/`) are what their first line says.

const roots: string[] = [];
afterAll(async () => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))));

describe('extension-less scripts', () => {
  it('are code of the language their shebang names', () => {
    expect(fileKind('bin/cli', '#!/usr/bin/env node\n')).toEqual({ kind: 'code', language: 'javascript' });
    expect(fileKind('bin/cli', '#!/usr/bin/env -S npx tsx\n')).toEqual({ kind: 'code', language: 'typescript' });
    expect(fileKind('scripts/sync', '#!/usr/bin/python3.11\n')).toEqual({ kind: 'code', language: 'python' });
    expect(fileKind('bin/run', '#!/bin/sh\n')).toBeUndefined();
    expect(fileKind('bin/cli', 'console.log(1)\n')).toBeUndefined();
    // An extension decides, whatever the first line says.
    expect(fileKind('notes.md', '#!/usr/bin/env node\n')).toBeUndefined();
  });

  it('are planned and audited', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'vega-bin-'));
    roots.push(root);
    await mkdir(path.join(root, 'bin'));
    await writeFile(path.join(root, 'package.json'), '{ "name": "tool", "bin": { "tool": "bin/tool" } }');
    await writeFile(path.join(root, 'bin/tool'), "#!/usr/bin/env node\nconst { execSync } = require('child_process');\nexecSync('git log ' + process.argv[2]);\n");
    await writeFile(path.join(root, 'bin/setup'), '#!/bin/sh\necho hi\n');
    const plan = await planSnapshot(root, DEFAULT_THREAT_PROFILE);
    expect(plan.components.flatMap((c) => c.files)).toContain('bin/tool');
    expect(plan.skipped).toContainEqual({ path: 'bin/setup', reason: 'language not audited' });
    const { findings } = await auditSource('bin/tool', "#!/usr/bin/env node\nconst { execSync } = require('child_process');\nexecSync('git log ' + process.argv[2]);\n");
    expect(findings.map((f) => `${f.ruleId}@${f.startLine}`)).toEqual(['injection.command@3']);
  });
});
