// What a Python call does to the taint of its arguments (see the JavaScript
// counterpart for the policy): int() removes it, os.path.basename() removes it
// for path traversal only, os.path.join() passes it through, unknown calls
// pass it through at low confidence.

import { sanitizersOf, type TaintRuleId } from '../../rules';
import type { Callee } from '../../lang/python/modules';
import { sanitizedByName } from '../taint/guards';

export type CallEffect =
  | { kind: 'clean' }
  | { kind: 'sanitize'; rules: readonly TaintRuleId[] }
  | { kind: 'propagate' }
  | { kind: 'unknown' };

/**
 * Calls whose result carries no payload whatever the class (numbers, a URL
 * the app builds, JSON and rendered responses), and the sanitizers each rule
 * declares for its class (`sanitizers` in lib/v16/rules/<rule-id>/python.ts).
 */
const SANITIZERS: ReadonlyMap<string, 'all' | readonly TaintRuleId[]> = new Map<string, 'all' | readonly TaintRuleId[]>([
  ...sanitizersOf('python'),
  ...[
    'int', 'float', 'bool', 'len', 'abs', 'round', 'uuid.UUID',
    'flask.url_for', 'url_for', 'django.urls.reverse', 'flask.jsonify', 'jsonify', 'flask.render_template', 'render_template',
  ].map((n) => [n, 'all'] as const),
]);

const PROPAGATORS = new Set([
  'str', 'bytes', 'list', 'tuple', 'dict', 'set', 'sorted', 'reversed', 'repr',
  'os.path.join', 'os.path.abspath', 'os.path.normpath', 'os.path.realpath', 'os.path.expanduser', 'posixpath.join',
  'pathlib.Path', 'pathlib.PurePath', 'json.loads', 'json.dumps', 'base64.b64decode', 'urllib.parse.unquote',
  'urllib.parse.unquote_plus',
]);
/** Methods whose arguments end up in the result: "…{}".format(x), " ".join(parts). */
const PROPAGATING_METHODS = new Set(['format', 'format_map', 'join', 'replace']);

export function callEffect(callee: Callee): CallEffect {
  const rules = callee.qualified !== undefined ? SANITIZERS.get(callee.qualified) : undefined;
  if (rules) return rules === 'all' ? { kind: 'clean' } : { kind: 'sanitize', rules };
  // A program's output is the program's, not the request's (the command line is checked as a sink).
  if (callee.qualified?.startsWith('subprocess.')) return { kind: 'clean' };
  const byName = sanitizedByName(callee.name);
  if (byName) return { kind: 'sanitize', rules: byName };
  // Predicates (x.isdigit(), is_safe(x)) return booleans, which carry no payload.
  if (/^is_?[a-z]/.test(callee.name) || /^has_/.test(callee.name)) return { kind: 'clean' };
  if ((callee.qualified && PROPAGATORS.has(callee.qualified)) || (callee.receiver && PROPAGATING_METHODS.has(callee.name))) {
    return { kind: 'propagate' };
  }
  return { kind: 'unknown' };
}

/** Methods that store their arguments in the receiver: args.append(x), params.update(d). */
export const MUTATING_METHODS = new Set(['append', 'extend', 'insert', 'add', 'update', 'setdefault']);
