import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a JSON value, through the
 * `canonicalize` package (by one of the RFC's authors): keys sorted by UTF-16
 * code units, ECMAScript number forms, no whitespace. Throws on what JSON
 * cannot carry (NaN, Infinity, lone surrogates, a bare undefined).
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('a value with no JSON form cannot be canonicalized');
  return text;
}
