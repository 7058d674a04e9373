import { importsModule } from '../../lang/python/calls';
import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';
import { textOf } from '../../lang/python/syntax';

/** python-ldap's search methods: (base, scope, filterstr, …); no other client is known to use these names. */
const PYTHON_LDAP_METHODS = new Set(['search_s', 'search_st', 'search_ext_s']);
const LOCAL_LDAP_IMPORT = /^[ \t]*(?:import|from)[ \t]+ldap3?\b/m;

const sinks: readonly PySink[] = [
  // ldap3's search(base, filter) is an LDAP search when the file imports an LDAP module (at the top or in a function).
  {
    names: ['search', 'search_s', 'search_st', 'search_ext', 'search_ext_s', 'search_paged'],
    when: ({ ctx, callee, qualified }) =>
      callee.receiver !== undefined &&
      !/^(?:re|regex)\./.test(qualified) &&
      (PYTHON_LDAP_METHODS.has(callee.name) || importsModule(ctx, /^ldap/) || LOCAL_LDAP_IMPORT.test(ctx.lines.text)),
    what: 'LDAP filter',
    form: ({ ctx, callee, args }) => {
      const [, second, third] = args.positional;
      const keyword = args.keywords.get('filterstr') ?? args.keywords.get('search_filter');
      const scoped = PYTHON_LDAP_METHODS.has(callee.name) || (second !== undefined && /SCOPE/.test(textOf(ctx, second)));
      const filter = keyword ?? (scoped ? third : second);
      return filter ? { args: [filter], what: 'LDAP filter' } : undefined;
    },
  },
];

export const python: PyRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'ldap.filter.escape_filter_chars', 'ldap3.utils.conv.escape_filter_chars',
  ],
};
