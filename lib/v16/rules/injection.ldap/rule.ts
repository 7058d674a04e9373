import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'injection.ldap',
  title: 'LDAP injection',
  severity: 'high',
  cwe: 'CWE-90',
  relatedCwes: [],
  explanation: 'Characters like * ( ) & | in the value rewrite the LDAP filter: an attacker can match every entry, bypass a login check or enumerate the directory.',
  recommendation: 'Escape values with the library’s filter escaping (ldap.filter.escape_filter_chars, ldap3 escape_filter_chars, ldapjs EqualityFilter / ldap-escape) or build filters from objects rather than strings.',
};
