import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCodex } from './run-codex';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const running = (marker: string) => execFileSync('ps', ['-eo', 'args']).toString().split('\n').filter((l) => l.startsWith(`sleep ${marker}`));

describe('runCodex', () => {
  it('a cancel ends the commands Codex started too, not only Codex (its whole process group)', async () => {
    const marker = `${700 + Math.floor(Math.random() * 1000)}.${Math.floor(Math.random() * 1000)}`;
    let cancelled = false;
    // A "Codex" whose tool left a command running in the background, as a shell tool does.
    const run = runCodex({
      argv: ['sh', '-c', `sleep ${marker} & wait`],
      cwd: process.cwd(),
      env: { PATH: process.env.PATH },
      prompt: '',
      timeoutMs: 60_000,
      isCancelled: () => cancelled,
    });
    for (let i = 0; i < 50 && running(marker).length === 0; i++) await sleep(100);
    expect(running(marker)).toHaveLength(1);
    cancelled = true;
    const result = await run;
    expect(result.cancelled).toBe(true);
    for (let i = 0; i < 20 && running(marker).length > 0; i++) await sleep(100);
    expect(running(marker)).toEqual([]);
  });

  it('a Codex that exits leaves nothing running behind it, and its run ends at once', async () => {
    const marker = `${700 + Math.floor(Math.random() * 1000)}.${Math.floor(Math.random() * 1000)}`;
    const started = Date.now();
    const result = await runCodex({
      argv: ['sh', '-c', `sleep ${marker} & echo '{"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}'`],
      cwd: process.cwd(),
      env: { PATH: process.env.PATH },
      prompt: '',
      timeoutMs: 60_000,
      isCancelled: () => false,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({ exitCode: 0, cancelled: false, usage: { inputTokens: 1, outputTokens: 1 } });
    for (let i = 0; i < 20 && running(marker).length > 0; i++) await sleep(100);
    expect(running(marker)).toEqual([]);
  });
});
