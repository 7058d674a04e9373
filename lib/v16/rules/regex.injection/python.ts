import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';

const sinks: readonly PySink[] = [
  {
    calls: ['re.compile', 're.match', 're.search', 're.fullmatch', 're.findall', 're.finditer', 're.sub', 're.subn', 're.split', 'regex.compile', 'regex.match', 'regex.search'],
    arg: [0, { keyword: 'pattern' }],
    what: 'regular expression',
  },
];

export const python: PyRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    're.escape',
  ],
};
