// The builtin engine's rule catalogue: what each rule is called, how bad it
// is and what to do about it. Detection lives in the language analyzers.

import type { Severity, ThreatProfile } from '../types';

/** Rules whose findings come from the taint analysis (request input → sink). */
export type TaintRuleId = 'injection.sql' | 'injection.command' | 'injection.code' | 'path.traversal';
export type RuleId = TaintRuleId | 'secrets.hardcoded' | 'crypto.weak-password-hash';

export interface RuleInfo {
  id: RuleId;
  title: string;
  severity: Severity;
  cwe: string;
  /** Other CWEs the rule covers, so a threat profile naming them selects it. */
  relatedCwes: readonly string[];
  /** Why it matters, appended to each finding's flow-specific sentence. */
  explanation: string;
  recommendation: string;
}

export const RULES: Readonly<Record<RuleId, RuleInfo>> = {
  'secrets.hardcoded': {
    id: 'secrets.hardcoded',
    title: 'Hard-coded secret',
    severity: 'high',
    cwe: 'CWE-798',
    relatedCwes: ['CWE-259', 'CWE-321'],
    explanation:
      'Anyone who can read the repository, a build artifact or a leaked copy of either can use this credential; ' +
      'rotating it requires a code change, so it tends to live for years.',
    recommendation:
      'Revoke and rotate the credential now, then load it at runtime from the environment or a secret manager ' +
      '(process.env / os.environ, AWS Secrets Manager, Vault). Removing it from the code does not remove it from git history.',
  },
  'injection.sql': {
    id: 'injection.sql',
    title: 'SQL injection',
    severity: 'high',
    cwe: 'CWE-89',
    relatedCwes: [],
    explanation:
      'Because the value is spliced into the SQL text, an attacker can change what the statement does: ' +
      'read other users’ rows, bypass login checks, or modify and delete data.',
    recommendation:
      'Keep the SQL text constant and pass values as bound parameters: db.query("… WHERE id = $1", [id]), ' +
      'cursor.execute("… WHERE id = %s", (id,)), or a query builder / ORM method. Identifiers (column, table names) ' +
      'must come from an allow-list.',
  },
  'injection.command': {
    id: 'injection.command',
    title: 'OS command injection',
    severity: 'critical',
    cwe: 'CWE-78',
    relatedCwes: ['CWE-77'],
    explanation:
      'The value becomes part of a command line interpreted by a shell, so characters like ; | $( ) let an attacker ' +
      'run any command with the server’s privileges.',
    recommendation:
      'Do not go through a shell: run the program with an argument array (execFile / spawn without shell: true, ' +
      'subprocess.run([...]) without shell=True) and validate the value against an allow-list. If a shell is ' +
      'unavoidable, quote with shlex.quote.',
  },
  'injection.code': {
    id: 'injection.code',
    title: 'Code injection',
    severity: 'critical',
    cwe: 'CWE-95',
    relatedCwes: ['CWE-94'],
    explanation:
      'The value is evaluated as code, so an attacker can execute arbitrary JavaScript or Python inside the server process.',
    recommendation:
      'Never evaluate request input. Parse data with JSON.parse / json.loads or ast.literal_eval, and map allowed ' +
      'operations to functions with an explicit lookup table.',
  },
  'path.traversal': {
    id: 'path.traversal',
    title: 'Path traversal',
    severity: 'high',
    cwe: 'CWE-22',
    relatedCwes: ['CWE-23', 'CWE-73'],
    explanation:
      'A value like ../../etc/passwd or an absolute path escapes the intended directory, letting an attacker read ' +
      'or overwrite any file the server can access.',
    recommendation:
      'Reduce the input to a file name (path.basename / os.path.basename, werkzeug secure_filename) or resolve it ' +
      'against the base directory and reject results outside it (resolved.startsWith(base + path.sep)). ' +
      'Express: res.sendFile(name, { root }). Flask: send_from_directory.',
  },
  'crypto.weak-password-hash': {
    id: 'crypto.weak-password-hash',
    title: 'Password hashed with a fast, broken hash',
    severity: 'high',
    cwe: 'CWE-916',
    relatedCwes: ['CWE-328', 'CWE-327', 'CWE-759'],
    explanation:
      'MD5 and SHA-1 are fast and unsalted here, so a leaked table of hashes can be brute-forced or looked up in ' +
      'precomputed tables at billions of guesses per second.',
    recommendation:
      'Hash passwords with a slow, salted password hash: argon2id, scrypt or bcrypt (crypto.scrypt in Node, ' +
      'argon2-cffi / passlib / Django’s make_password in Python), and rehash on next login.',
  },
};

/** Whether the threat profile asks for this rule (an empty list means every rule). */
export function ruleSelected(ruleId: RuleId, profile: ThreatProfile): boolean {
  if (profile.weaknessClasses.length === 0) return true;
  const rule = RULES[ruleId];
  const wanted = new Set(profile.weaknessClasses.map((c) => c.trim().toUpperCase()));
  return wanted.has(rule.cwe) || rule.relatedCwes.some((cwe) => wanted.has(cwe));
}
