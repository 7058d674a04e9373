import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_SOURCES_DIGEST, ANALYSIS_VERSION } from './analysis-version';

const repo = path.resolve(import.meta.dirname, '..', '..', '..');
const v16 = path.join(repo, 'lib', 'v16');

/** The code a cached result depends on: the analysis sources and the locked versions of what parses and lints. */
function analysisSourcesDigest(): string {
  // The analyzers (audit), the rules and their sinks (rules), the language front-ends (lang).
  const audit = ['audit', 'rules', 'lang'].flatMap((dir) =>
    (readdirSync(path.join(v16, dir), { recursive: true }) as string[])
      .map((f) => path.join(dir, f).split(path.sep).join('/'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')),
  );
  const sources = [...audit, 'languages.ts', 'fingerprint.ts'].sort();
  const hash = createHash('sha256');
  for (const file of sources) hash.update(`${file}\0${readFileSync(path.join(v16, file), 'utf8').replace(/\r\n/g, '\n')}\0`);
  const lock = JSON.parse(readFileSync(path.join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const parsers = Object.keys(lock.packages)
    .filter((k) => /^node_modules\/(?:@secretlint\/[^/]+|@lezer\/[^/]+|typescript)$/.test(k))
    .sort();
  for (const name of parsers) hash.update(`${name}@${lock.packages[name].version}\0`);
  return hash.digest('hex');
}

describe('the analysis version', () => {
  it('is bumped whenever the analysis sources or the parsers change (cached results would be stale)', () => {
    const digest = analysisSourcesDigest();
    const hint =
      `lib/v16/audit, rules or lang (or languages.ts, fingerprint.ts, the parsers, secretlint) changed since ANALYSIS_VERSION ${ANALYSIS_VERSION}: ` +
      `bump ANALYSIS_VERSION in lib/v16/cache/analysis-version.ts and set ANALYSIS_SOURCES_DIGEST to '${digest}'`;
    expect(ANALYSIS_SOURCES_DIGEST, hint).toBe(digest);
  });
});
