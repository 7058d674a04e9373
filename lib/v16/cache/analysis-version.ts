// What an analysis cache entry's key says about the analysis that made it.
//
// auditSource (audit/audit-source.ts) is a function of the file's path, its
// text and what readModule returns: it reads no clock, no environment, no
// threat profile (the rule filter runs after it, on cached results too), and
// what it keeps besides (the call stack of the project calls it follows,
// made per call; WeakMaps keyed by one parse's nodes) is unreachable once a
// call returns. What it does not take as an argument is
// the code itself: the analyzers, the rules, the parsers and secretlint's
// rules. So the key carries:
//
// - ANALYSIS_VERSION, bumped with every change to that code;
// - the backend's name and version (builtin-backend.ts);
// - the TypeScript version that parses JS/TS (ts.version, read at run time).
//
// Forgetting the bump would reuse results the new code might not reproduce,
// so analysis-version.test.ts hashes the analysis sources (audit/**,
// rules/**, lang/**, languages.ts, fingerprint.ts) and the locked versions of the parsers and
// secretlint, and fails until ANALYSIS_SOURCES_DIGEST is updated with a bump.

import { createRequire } from 'node:module';

// The compiler's version without loading the compiler: the analysis runs in a
// worker thread (isolation/), and this thread need not load the parsers at all.
const TYPESCRIPT_VERSION = (createRequire(import.meta.url)('typescript/package.json') as { version: string }).version;

/** Bump when what the analysis reports for some file may change (rules, analyzers, parsers, secretlint, fingerprints). */
export const ANALYSIS_VERSION = 37;

/** The digest of the analysis sources ANALYSIS_VERSION was last bumped for (analysis-version.test.ts prints the new one). */
export const ANALYSIS_SOURCES_DIGEST = '0f93097c789d777e5085650f7b57d7b1a7f45863f57ca02f9f359a3374589134';

export function analysisIdentity(backend: { name: string; version: string }): string {
  return [`analysis ${ANALYSIS_VERSION}`, backend.name, backend.version, `typescript ${TYPESCRIPT_VERSION}`].join('\0');
}
