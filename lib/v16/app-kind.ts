import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { JS_APP_DEPENDENCY, PYTHON_WEB_DEPENDENCY } from './lang/frameworks';
import type { AppKind, AppInputs, ThreatProfile } from './types';

// What kind of software a repository is decides what the engine treats as
// untrusted (docs/engine.md "The threat profile decides what is untrusted"):
// a web application's input is its requests; a library's is whatever its
// callers pass to the functions it exports. A threat profile may say the
// kind; the default ("auto") infers it from the repository's root manifests.

const SERVERLESS_MANIFESTS = ['serverless.yml', 'serverless.yaml', 'template.yaml', 'template.yml', 'samconfig.toml', 'netlify.toml'];

const isFile = (file: string) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;

const readIf = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** The kind a repository's root says it is, and why. */
export function inferAppKind(root: string): AppInputs {
  const manifest = SERVERLESS_MANIFESTS.find((f) => existsSync(path.join(root, f)));
  if (manifest) return { kind: 'serverless', reason: `${manifest} at the root` };
  const pkgText = readIf(path.join(root, 'package.json'));
  if (pkgText !== undefined) {
    let pkg: Record<string, unknown> = {};
    try {
      pkg = JSON.parse(pkgText) as Record<string, unknown>;
    } catch {
      return { kind: 'web', reason: 'package.json is not valid JSON' };
    }
    const deps = Object.keys({ ...(pkg.dependencies as object | undefined), ...(pkg.peerDependencies as object | undefined) });
    const server = deps.find((d) => JS_APP_DEPENDENCY.test(d));
    if (server) return { kind: 'web', reason: `package.json depends on ${server}` };
    if (pkg.private !== true && (pkg.main !== undefined || pkg.exports !== undefined || pkg.module !== undefined)) {
      const entries = entryModules(root, pkg);
      return {
        kind: 'library',
        reason: `package.json ${pkg.name ? `("${String(pkg.name).slice(0, 100)}") ` : ''}exports ${entries.length > 0 ? entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '') : 'a module'} and depends on no server framework`,
        ...(entries.length > 0 ? { entries } : {}),
      };
    }
    if (pkg.bin !== undefined) return { kind: 'cli', reason: 'package.json has a bin and depends on no server framework' };
  }
  const pyproject = readIf(path.join(root, 'pyproject.toml')) ?? readIf(path.join(root, 'setup.cfg')) ?? readIf(path.join(root, 'setup.py'));
  if (pyproject !== undefined) {
    const server = PYTHON_WEB_DEPENDENCY.exec(pyproject)?.[1];
    if (server) return { kind: 'web', reason: `the Python package depends on ${server}` };
    return { kind: 'library', reason: 'a Python package (pyproject.toml, setup.cfg or setup.py) that depends on no web framework' };
  }
  return { kind: 'web', reason: 'no manifest at the root says otherwise' };
}

/** The files package.json's main, module and exports name (every string target of the exports map), as they exist in the tree. */
function entryModules(root: string, pkg: Record<string, unknown>): string[] {
  const targets: string[] = [];
  const collect = (v: unknown, depth = 0) => {
    if (typeof v === 'string') targets.push(v);
    else if (v && typeof v === 'object' && depth < 6) for (const x of Object.values(v)) collect(x, depth + 1);
  };
  collect(pkg.main);
  collect(pkg.module);
  collect(pkg.exports);
  const found = new Set<string>();
  for (const target of targets) {
    if (target.includes('*')) continue;
    const rel = path.posix.normalize(target.replace(/^\.\//, ''));
    if (rel.startsWith('..')) continue;
    for (const candidate of [rel, `${rel}.js`, `${rel}.mjs`, `${rel}.cjs`, `${rel}.ts`, `${rel}/index.js`, `${rel}/index.ts`]) {
      if (isFile(path.join(root, candidate))) {
        found.add(candidate);
        break;
      }
    }
  }
  return [...found].sort();
}

const MANIFESTS = ['package.json', 'pyproject.toml', 'setup.cfg', 'setup.py', ...SERVERLESS_MANIFESTS];

/**
 * The kind the profile names, or the inferred one when it says "auto" (or
 * nothing): from the manifests of the component's own folder when it has
 * one (a package of a monorepo), else the repository's root. Entry paths are
 * relative to the snapshot root.
 */
export function resolveAppKind(root: string, profile: ThreatProfile, componentRoot = ''): AppInputs {
  const named: AppKind | 'auto' = profile.kind ?? 'auto';
  if (named !== 'auto') return { kind: named, reason: `the threat profile (v${profile.version}) says so` };
  // A package's exports map can name hundreds of entry files, each looked
  // up on disk, and every component of a scan asks: the answer is kept per
  // folder for as long as its manifests are unchanged (their sizes and
  // modification times: a few lookups instead), and the components without
  // a manifest of their own (most folders of a package) share the root's.
  const folder = componentRoot && MANIFESTS.some((m) => isFile(path.join(root, componentRoot, m))) ? componentRoot : '';
  const key = `${root}\0${folder}`;
  const stamp = manifestStamp(root, folder);
  const known = inferred.get(key);
  if (known?.stamp === stamp) return known.inputs;
  const inputs = inferForFolder(root, folder);
  if (inferred.size >= 256) inferred.clear();
  inferred.set(key, { stamp, inputs });
  return inputs;
}

const inferred = new Map<string, { stamp: string; inputs: AppInputs }>();

function manifestStamp(root: string, componentRoot: string): string {
  const dirs = componentRoot ? [root, path.join(root, componentRoot)] : [root];
  return dirs
    .flatMap((dir) =>
      MANIFESTS.map((m) => {
        const s = statSync(path.join(dir, m), { throwIfNoEntry: false });
        return s ? `${s.size}:${s.mtimeMs}` : '-';
      }),
    )
    .join('|');
}

/** The kind `folder`'s manifests say ('' for the repository's root), its entries relative to the snapshot root. */
function inferForFolder(root: string, folder: string): AppInputs {
  if (!folder) return inferAppKind(root);
  const inferred = inferAppKind(path.join(root, folder));
  return {
    ...inferred,
    reason: `${folder}/: ${inferred.reason}`,
    ...(inferred.entries ? { entries: inferred.entries.map((e) => path.posix.join(folder, e)) } : {}),
  };
}
