// What a Python call does to the taint of its arguments (see the JavaScript
// counterpart for the policy): int() removes it, os.path.basename() removes it
// for path traversal only, os.path.join() passes it through, unknown calls
// pass it through at low confidence.

import type { TaintRuleId } from '../../rules';
import type { Callee } from '../../lang/python/modules';
import { sanitizedByName } from '../taint/guards';

export type CallEffect =
  | { kind: 'clean' }
  | { kind: 'sanitize'; rules: readonly TaintRuleId[] }
  | { kind: 'propagate' }
  | { kind: 'unknown' };

const SANITIZERS = new Map<string, 'all' | readonly TaintRuleId[]>([
  ['int', 'all'],
  ['float', 'all'],
  ['bool', 'all'],
  ['len', 'all'],
  ['abs', 'all'],
  ['round', 'all'],
  ['uuid.UUID', 'all'],
  ['os.path.basename', ['path.traversal']],
  ['posixpath.basename', ['path.traversal']],
  ['werkzeug.utils.secure_filename', ['path.traversal']],
  ['werkzeug.secure_filename', ['path.traversal']],
  // safe_join: None (werkzeug, flask) or an exception (django) for a path that leaves the directory.
  ['werkzeug.utils.safe_join', ['path.traversal']],
  ['werkzeug.security.safe_join', ['path.traversal']],
  ['flask.safe_join', ['path.traversal']],
  ['flask.helpers.safe_join', ['path.traversal']],
  ['django.utils._os.safe_join', ['path.traversal']],
  ['shlex.quote', ['injection.command']],
  ['str', ['injection.nosql']],
  ['markupsafe.escape', ['xss']],
  ['flask.escape', ['xss']],
  ['html.escape', ['xss']],
  ['cgi.escape', ['xss']],
  ['django.utils.html.escape', ['xss']],
  ['bleach.clean', ['xss']],
  ['re.escape', ['regex.injection']],
  ['ldap.filter.escape_filter_chars', ['injection.ldap']],
  ['ldap3.utils.conv.escape_filter_chars', ['injection.ldap']],
  ['urllib.parse.quote', ['path.traversal', 'injection.command']],
  ['urllib.parse.quote_plus', ['path.traversal', 'injection.command']],
  ['flask.url_for', 'all'],
  ['url_for', 'all'],
  ['django.urls.reverse', 'all'],
  ['flask.jsonify', 'all'],
  ['jsonify', 'all'],
  ['flask.render_template', 'all'],
  ['render_template', 'all'],
  ['pipes.quote', ['injection.command']],
  ['psycopg2.sql.Identifier', ['injection.sql']],
  ['psycopg2.sql.Literal', ['injection.sql']],
  ['psycopg.sql.Identifier', ['injection.sql']],
  ['psycopg.sql.Literal', ['injection.sql']],
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
