// What the analysis worker's bundles (compile-worker.ts, scripts/build-cli.mjs)
// get for `import ts from 'typescript'`: the package loaded with require.
// Imported as an ES module, Node first scans TypeScript's 9 MB CommonJS file
// for its export names (cjs-module-lexer): 1.0 s to load it instead of 0.4 s,
// paid by every scan's first file.
import { createRequire } from 'node:module';

export default createRequire(import.meta.url)('typescript');
