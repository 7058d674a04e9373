import { importsModule } from '../../lang/js/calls';
import type { JsSink } from '../../lang/js/sink-spec';

export const js: readonly JsSink[] = [
  // ldapjs: client.search(base, { filter }, cb), or the filter string itself.
  { names: ['search'], when: ({ modules }) => importsModule(modules, /^ldap/i), args: [{ property: 'filter', of: 1 }], what: 'LDAP filter' },
];
