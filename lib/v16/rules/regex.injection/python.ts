import type { PySink } from '../../lang/python/sink-spec';

export const python: readonly PySink[] = [
  {
    calls: ['re.compile', 're.match', 're.search', 're.fullmatch', 're.findall', 're.finditer', 're.sub', 're.subn', 're.split', 'regex.compile', 'regex.match', 'regex.search'],
    arg: [0, { keyword: 'pattern' }],
    what: 'regular expression',
  },
];
