// The builtin engine's rule catalogue: what each rule is called, how bad it
// is and what to do about it. Detection lives in the language analyzers.

import type { Severity, ThreatProfile } from '../types';

/** Rules whose findings come from the taint analysis (request input → sink). */
export type TaintRuleId =
  | 'injection.sql'
  | 'injection.command'
  | 'injection.code'
  | 'path.traversal'
  | 'injection.ldap'
  | 'injection.xpath'
  | 'injection.nosql'
  | 'injection.template'
  | 'xss'
  | 'ssrf'
  | 'redirect.open'
  | 'deserialization'
  | 'session.untrusted'
  | 'prototype.pollution'
  | 'regex.injection';
/** Rules decided by the shape of one call, setting or literal (no data flow needed). */
export type PatternRuleId =
  | 'secrets.hardcoded'
  | 'crypto.weak-password-hash'
  | 'crypto.weak-hash'
  | 'crypto.weak-cipher'
  | 'random.insecure'
  | 'cookie.insecure'
  | 'cookie.httponly'
  | 'tls.disabled'
  | 'cors.credentials-any-origin'
  | 'config.debug'
  | 'csrf.missing'
  | 'xml.external-entities'
  | 'regex.redos';
export type RuleId = TaintRuleId | PatternRuleId;
export const TAINT_RULES: readonly TaintRuleId[] = [
  'injection.sql', 'injection.command', 'injection.code', 'path.traversal', 'injection.ldap', 'injection.xpath',
  'injection.nosql', 'injection.template', 'xss', 'ssrf', 'redirect.open', 'deserialization', 'session.untrusted',
  'prototype.pollution', 'regex.injection',
];

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
  'injection.ldap': {
    id: 'injection.ldap',
    title: 'LDAP injection',
    severity: 'high',
    cwe: 'CWE-90',
    relatedCwes: [],
    explanation: 'Characters like * ( ) & | in the value rewrite the LDAP filter: an attacker can match every entry, bypass a login check or enumerate the directory.',
    recommendation: 'Escape values with the library’s filter escaping (ldap.filter.escape_filter_chars, ldap3 escape_filter_chars, ldapjs EqualityFilter / ldap-escape) or build filters from objects rather than strings.',
  },
  'injection.xpath': {
    id: 'injection.xpath',
    title: 'XPath injection',
    severity: 'high',
    cwe: 'CWE-643',
    relatedCwes: [],
    explanation: "A quote in the value closes the XPath string literal, so an attacker can add predicates (' or '1'='1) and read any node of the document.",
    recommendation: 'Keep the XPath expression constant and pass values as XPath variables (lxml: tree.xpath("//u[name=$n]", n=value); xpath: variables option), or validate against an allow-list.',
  },
  'injection.nosql': {
    id: 'injection.nosql',
    title: 'NoSQL injection',
    severity: 'high',
    cwe: 'CWE-943',
    relatedCwes: [],
    explanation: 'Parsed request bodies and query strings can hold objects, so a value like {"$ne": null} becomes a query operator (login bypass, data disclosure); text spliced into $where runs as JavaScript in the database.',
    recommendation: 'Cast values to the expected type (String(x), str(x)) or use $eq, strip operator keys (mongo-sanitize, express-mongo-sanitize), validate with a schema, and never build $where from input.',
  },
  'injection.template': {
    id: 'injection.template',
    title: 'Server-side template injection',
    severity: 'critical',
    cwe: 'CWE-1336',
    relatedCwes: ['CWE-94'],
    explanation: 'The value becomes template source, and template languages can reach the runtime: an attacker can read configuration and secrets or run code on the server ({{ config }}, {{ self.__init__.__globals__ }}).',
    recommendation: 'Never compile templates from request input: keep template text constant (files or literals) and pass input as context variables (render_template_string(TEMPLATE, name=name), ejs.render(TEMPLATE, { name })).',
  },
  xss: {
    id: 'xss',
    title: 'Cross-site scripting (reflected)',
    severity: 'high',
    cwe: 'CWE-79',
    relatedCwes: ['CWE-80'],
    explanation: 'The value is written into an HTML response without escaping, so an attacker’s link can run script in the victim’s session (steal tokens, act as the user).',
    recommendation: 'Render through an auto-escaping template (render_template, React, EJS <%= %>) or escape explicitly (escape-html, markupsafe.escape, html.escape); return JSON with res.json / jsonify for data.',
  },
  ssrf: {
    id: 'ssrf',
    title: 'Server-side request forgery',
    severity: 'high',
    cwe: 'CWE-918',
    relatedCwes: [],
    explanation: 'The server fetches a URL the client chose, so an attacker can reach internal services, cloud metadata endpoints (169.254.169.254) and ports that are not exposed to the internet.',
    recommendation: 'Fix the scheme and host in code and put input only in the path or query (encoded), or check the parsed URL’s host against an allow-list; block private and link-local addresses after DNS resolution.',
  },
  'redirect.open': {
    id: 'redirect.open',
    title: 'Open redirect',
    severity: 'medium',
    cwe: 'CWE-601',
    relatedCwes: [],
    explanation: 'A link to this site can send users to any other site, which phishing uses to borrow the site’s reputation and to steal OAuth codes and tokens.',
    recommendation: 'Redirect only to relative paths (starts with "/" and not "//" or "/\\") or to destinations from an allow-list; use url_for / named routes.',
  },
  deserialization: {
    id: 'deserialization',
    title: 'Deserialization of untrusted data',
    severity: 'critical',
    cwe: 'CWE-502',
    relatedCwes: [],
    explanation: 'pickle, unsafe YAML loaders and node-serialize rebuild arbitrary objects, and building them runs code: untrusted bytes here are remote code execution.',
    recommendation: 'Accept data formats, not object graphs: JSON (json.loads, JSON.parse), yaml.safe_load / SafeLoader, or a schema-validated format. If a binary format is needed, sign it (HMAC) and verify before loading.',
  },
  'session.untrusted': {
    id: 'session.untrusted',
    title: 'Untrusted data stored in the session',
    severity: 'medium',
    cwe: 'CWE-501',
    relatedCwes: [],
    explanation: 'Code that later reads the session treats its contents as established by the server (identity, role, tenant); storing unchecked request input there lets a client choose them.',
    recommendation: 'Put only server-derived values in the session (the id of the authenticated user, roles from the database); validate or map request input through an allow-list before storing it.',
  },
  'prototype.pollution': {
    id: 'prototype.pollution',
    title: 'Prototype pollution',
    severity: 'high',
    cwe: 'CWE-1321',
    relatedCwes: ['CWE-915'],
    explanation: 'Keys like __proto__ or constructor.prototype from the input write to Object.prototype, changing every object in the process: authorization checks, options and templates can be subverted, sometimes up to code execution.',
    recommendation: 'Reject __proto__, constructor and prototype keys, copy only allow-listed keys, use Map or Object.create(null) for dictionaries keyed by input, and keep lodash and merge helpers current.',
  },
  'regex.injection': {
    id: 'regex.injection',
    title: 'Regular expression built from request input',
    severity: 'medium',
    cwe: 'CWE-1333',
    relatedCwes: ['CWE-730', 'CWE-400'],
    explanation: 'A client-chosen pattern can backtrack exponentially ((a+)+$), blocking the event loop or worker for seconds per request: a cheap denial of service.',
    recommendation: 'Escape input before putting it into a pattern (escape-string-regexp, re.escape), or match with plain string functions (includes, startswith); use a linear-time engine (RE2) where patterns must be user-defined.',
  },
  'regex.redos': {
    id: 'regex.redos',
    title: 'Regular expression with catastrophic backtracking',
    severity: 'medium',
    cwe: 'CWE-1333',
    relatedCwes: ['CWE-730', 'CWE-400'],
    explanation: 'A quantified group that itself contains a quantifier ((x+)+, (\\w+\\s?)*) makes the matcher try exponentially many ways on an almost-matching input: one request can hold the CPU for seconds.',
    recommendation: 'Rewrite the pattern so each character can be matched one way only (remove the nested quantifier, use a character class), bound the input length first, or use RE2.',
  },
  'crypto.weak-hash': {
    id: 'crypto.weak-hash',
    title: 'Weak hash algorithm',
    severity: 'medium',
    cwe: 'CWE-328',
    relatedCwes: ['CWE-327'],
    explanation: 'MD5 and SHA-1 have practical collision attacks; tokens, signatures and integrity checks built on them can be forged.',
    recommendation: 'Use SHA-256 or better (HMAC-SHA-256 for signatures); for passwords use argon2id, scrypt or bcrypt. Where a fast non-security hash is really meant (cache keys), say so: hashlib.md5(data, usedforsecurity=False).',
  },
  'crypto.weak-cipher': {
    id: 'crypto.weak-cipher',
    title: 'Weak or broken cipher',
    severity: 'high',
    cwe: 'CWE-327',
    relatedCwes: [],
    explanation: 'DES, 3DES, RC4, Blowfish and any cipher in ECB mode no longer protect confidentiality: short keys fall to brute force, and ECB leaks patterns of the plaintext.',
    recommendation: 'Use an authenticated cipher: AES-256-GCM or ChaCha20-Poly1305 with a random nonce per message (Node: createCipheriv("aes-256-gcm"); Python: cryptography AESGCM or Fernet).',
  },
  'random.insecure': {
    id: 'random.insecure',
    title: 'Predictable random value used for a secret',
    severity: 'high',
    cwe: 'CWE-330',
    relatedCwes: ['CWE-338'],
    explanation: 'Math.random() and Python’s random module are not cryptographic: their output can be predicted from a few samples, so tokens, codes and passwords made from them can be guessed.',
    recommendation: 'Use the platform CSPRNG: crypto.randomBytes / crypto.randomUUID / crypto.getRandomValues in JavaScript, the secrets module (secrets.token_urlsafe, secrets.choice) in Python.',
  },
  'cookie.insecure': {
    id: 'cookie.insecure',
    title: 'Sensitive cookie without the Secure flag',
    severity: 'medium',
    cwe: 'CWE-614',
    relatedCwes: [],
    explanation: 'Without Secure the browser also sends the cookie over plain HTTP, where anyone on the network path can read the session or token.',
    recommendation: 'Set secure: true (Express res.cookie / express-session cookie options), secure=True (Flask set_cookie), SESSION_COOKIE_SECURE = True and CSRF_COOKIE_SECURE = True (Django).',
  },
  'cookie.httponly': {
    id: 'cookie.httponly',
    title: 'Sensitive cookie without the HttpOnly flag',
    severity: 'medium',
    cwe: 'CWE-1004',
    relatedCwes: [],
    explanation: 'Without HttpOnly any script on the page can read the cookie, so a single XSS bug leaks the session or token.',
    recommendation: 'Set httpOnly: true (Express), httponly=True (Flask set_cookie), SESSION_COOKIE_HTTPONLY = True (Django) for session and token cookies.',
  },
  'tls.disabled': {
    id: 'tls.disabled',
    title: 'TLS certificate verification disabled',
    severity: 'high',
    cwe: 'CWE-295',
    relatedCwes: [],
    explanation: 'The client accepts any certificate, so anyone able to intercept the connection can read and modify the traffic, credentials included.',
    recommendation: 'Leave verification on (rejectUnauthorized: true, verify=True, ssl.create_default_context()); for an internal CA pass its certificate (ca: …, verify="/path/ca.pem") instead of disabling checks.',
  },
  'cors.credentials-any-origin': {
    id: 'cors.credentials-any-origin',
    title: 'CORS lets any site read responses with the user\'s credentials',
    severity: 'high',
    cwe: 'CWE-942',
    relatedCwes: ['CWE-346'],
    explanation:
      'Any web page the user visits can call this API with the user\'s cookies and read the answers, since every origin is allowed (or the request\'s own Origin is echoed back) together with credentials.',
    recommendation:
      'Allow a fixed list of the origins that need access (cors({ origin: [...] }), CORS_ALLOWED_ORIGINS, allow_origins=[...]); keep "any origin" only for public endpoints, without credentials.',
  },
  'config.debug': {
    id: 'config.debug',
    title: 'Debug mode on in deployed code',
    severity: 'medium',
    cwe: 'CWE-489',
    relatedCwes: ['CWE-215', 'CWE-94'],
    explanation:
      'Debug mode shows visitors stack traces, settings and source code; Flask\'s Werkzeug debugger goes further and runs any Python typed into its error page.',
    recommendation:
      'Turn debug on only from the environment of a developer\'s machine (FLASK_DEBUG, DJANGO_DEBUG, NODE_ENV=development) or a dev settings module, never in the code that is deployed.',
  },
  'csrf.missing': {
    id: 'csrf.missing',
    title: 'Cookie sessions without CSRF protection',
    severity: 'medium',
    cwe: 'CWE-352',
    relatedCwes: ['CWE-1275'],
    explanation:
      'The app keeps its users signed in with a session cookie and changes state on POST, PUT, PATCH or DELETE, with no CSRF token check in sight: a page on any other site can submit a form to it, and the browser attaches the user\'s session cookie.',
    recommendation:
      'Check a CSRF token on every state-changing request (csrf-csrf or lusca in Express, Flask-WTF\'s CSRFProtect, Django\'s CsrfViewMiddleware), or set the session cookie SameSite=Strict (Lax at least) where every browser in use honours it.',
  },
  'xml.external-entities': {
    id: 'xml.external-entities',
    title: 'XML parser resolves external entities (XXE)',
    severity: 'high',
    cwe: 'CWE-611',
    relatedCwes: ['CWE-776'],
    explanation: 'With entity resolution on, a document can declare <!ENTITY x SYSTEM "file:///etc/passwd"> and have the parser read local files or make requests from the server.',
    recommendation: 'Parse untrusted XML with entity resolution off (libxmljs noent: false; lxml XMLParser(resolve_entities=False, no_network=True)) or with defusedxml in Python.',
  },
};

/** Whether the threat profile asks for this rule (an empty list means every rule). */
export function ruleSelected(ruleId: RuleId, profile: ThreatProfile): boolean {
  if (profile.weaknessClasses.length === 0) return true;
  const rule = RULES[ruleId];
  const wanted = new Set(profile.weaknessClasses.map((c) => c.trim().toUpperCase()));
  return wanted.has(rule.cwe) || rule.relatedCwes.some((cwe) => wanted.has(cwe));
}
