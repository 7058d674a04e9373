// Words a Python file must contain for a rule to have anything to report in
// it, tested on the raw text before parsing (the counterpart of
// js/markers.ts). The Python rules compare names and string bodies as they
// are written (escapes kept), so every one of them is a substring of the
// raw text. A new rule in patterns.ts or checks.ts must add its word here
// (markers.test.ts checks the rules we have).

import { KEY_USE_WORDS } from '../secrets/key-uses';
import { PROCESS_INPUT_MARKERS } from '../taint/process-inputs';

/**
 * Request input: the request object by name (Flask's global, Django's and
 * Starlette's parameter), and route decorators, whose functions' parameters
 * are input (`@app.route`, `@router.get`, …). Files without them, and
 * without command-line or environment input, hold no source.
 */
const REQUEST_MARKERS = /\b(?:request|req)\b|@[^@]{0,160}?\b(?:route|get|post|put|patch|delete|head|options|api_route|websocket)\b/;

/**
 * Names and literals the pattern rules need:
 * - secrets.hardcoded: credential-like names, as in JavaScript;
 * - weak hashes and password hashes: md5, md4, sha1 (hashlib, Crypto.Hash);
 * - weak ciphers: DES, DES3, ARC2, ARC4, Blowfish, CAST, TripleDES, IDEA,
 *   SEED, pyDes, ECB modes;
 * - insecure random: the random module;
 * - cookies: set_cookie and the *_COOKIE_* settings;
 * - TLS: verify=False, verify_mode, _create_unverified_context, CERT_NONE,
 *   check_hostname;
 * - XXE: resolve_entities, external_ges / external_pes;
 * - regex.redos: `)` then a quantifier, in a pattern's raw text;
 * - CORS: flask_cors, CORSMiddleware, CORS_* settings; debug mode: debug=True, DEBUG = True;
 * - csrf.missing: Django's MIDDLEWARE (Flask's routes are request markers);
 * - literal keys by use: the modules of secrets/key-uses.ts (KEY_USE_WORDS).
 */
const PATTERN_WORDS_ANY_CASE =
  /passw|pwd|passphrase|secret|token|credentials|(?:api|private|access|signing|encryption|auth)[^a-z0-9]*key|md[245]|sha-?1|ripemd|cookie|verify|unverified|cert_none|check_hostname|resolve_entities|external_[gp]es|random|cors|debug|middleware/i;
const PATTERN_WORDS = /DES|ARC[24]|Blowfish|CAST|IDEA|SEED|pyDes|ECB|\)(?:[+*]|\{\d+,\})/;

export function hasSourceMarkers(text: string): boolean {
  return REQUEST_MARKERS.test(text) || PROCESS_INPUT_MARKERS.test(text);
}

/** Whether any rule (taint or pattern) may report something in this file. */
export function mayHaveFindings(text: string): boolean {
  return hasSourceMarkers(text) || PATTERN_WORDS.test(text) || PATTERN_WORDS_ANY_CASE.test(text) || KEY_USE_WORDS.test(text);
}
