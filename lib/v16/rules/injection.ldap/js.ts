import { importsModule } from '../../lang/js/calls';
import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

const sinks: readonly JsSink[] = [
  // ldapjs: client.search(base, { filter }, cb), or the filter string itself.
  { names: ['search'], when: ({ modules }) => importsModule(modules, /^ldap/i), args: [{ property: 'filter', of: 1 }], what: 'LDAP filter' },
];

export const js: JsRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'ldap-escape.filter',
  ],
};
