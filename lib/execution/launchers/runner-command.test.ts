import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runnerCommand } from './runner-command';

describe('runnerCommand', () => {
  it('starts the compiled runner while the build is newer than its sources, the sources otherwise', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'vega-runner-cmd-'));
    mkdirSync(path.join(root, 'cli'));
    mkdirSync(path.join(root, 'dist', 'cli'), { recursive: true });
    writeFileSync(path.join(root, 'cli', 'main.ts'), '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(root, 'cli', 'main.ts'), old, old);
    writeFileSync(path.join(root, 'dist', 'cli', 'build.json'), JSON.stringify({ builtAt: Date.now(), entry: 'main.mjs', inputs: ['cli/main.ts'] }));
    expect(runnerCommand(root)).toEqual({ args: [path.join(root, 'dist', 'cli', 'main.mjs'), 'runner'], compiled: true });
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'cli', 'main.ts'), later, later);
    expect(runnerCommand(root).compiled).toBe(false);
    expect(runnerCommand(path.join(root, 'nowhere')).args).toContain('tsx');
  });
});
