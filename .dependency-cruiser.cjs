// Layering rules, checked by `npm run lint` as
//   depcruise --config .dependency-cruiser.cjs lib app worker scripts cli bench
//
// Only runtime imports count: tsPreCompilationDeps is false, so an
// `import type` (or an import whose names are all used as types only, which
// TypeScript drops) is not a dependency here. Layering is about what a process
// loads; a type import loads nothing. Cycles are checked on the same runtime
// graph.

// The composition root: executor, recovery, launchers, the web's runtime.
const EXECUTION = ['^lib/execution/'];
const NOT_LOCAL = ['core']; // node builtins; npm packages resolve under node_modules/

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'No cycles between folders either (lib/events -> lib/scans -> lib/events), counting a folder\'s own files only.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-is-standalone',
      severity: 'error',
      comment: 'The engine (lib/v16) imports nothing of the app: only itself, npm packages and node builtins.',
      from: { path: '^lib/v16/' },
      to: { pathNot: ['^lib/v16/', '^node_modules/'], dependencyTypesNot: NOT_LOCAL },
    },
    {
      name: 'core-not-up',
      severity: 'error',
      comment:
        'The execution layer (lib/execution/) is imported only by itself and the entry points (app, worker, scripts, ...), ' +
        'never by the rest of lib/.',
      from: { path: '^lib/', pathNot: EXECUTION },
      to: { path: EXECUTION },
    },
    {
      name: 'core-not-up',
      severity: 'error',
      comment: 'lib/ is the core: it never imports the processes and entry points built on it.',
      from: { path: '^lib/' },
      to: { path: '^(app|worker|scripts|bench|cli)/' },
    },
    {
      name: 'db-is-bottom',
      severity: 'error',
      comment: 'lib/db imports only lib/db, lib/env.ts and lib/log (plus npm packages and node builtins).',
      from: { path: '^lib/db/' },
      to: {
        pathNot: ['^lib/db/', '^lib/env\\.ts$', '^lib/log/', '^node_modules/'],
        dependencyTypesNot: NOT_LOCAL,
      },
    },
    {
      name: 'runner-holds-no-db',
      severity: 'error',
      comment: 'The runner process holds no database credentials: nothing in lib/runner may reach lib/db, directly or transitively.',
      from: { path: '^lib/runner/' },
      to: { path: '^lib/db/', reachable: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import dependency-cruiser cannot resolve would slip past every rule above.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    // The rules are about what the product's processes load. Tests reach
    // across on purpose (an engine test against the project's fake LLM
    // server, a runner test of the in-process sink's transient errors).
    exclude: { path: '\\.test\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
