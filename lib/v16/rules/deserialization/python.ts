import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';
import { textOf } from '../../lang/python/syntax';

const sinks: readonly PySink[] = [
  {
    calls: [
      'pickle.loads', 'pickle.load', 'cPickle.loads', 'cPickle.load', '_pickle.loads', 'dill.loads', 'dill.load', 'marshal.loads',
      'jsonpickle.decode', 'yaml.unsafe_load', 'yaml.unsafe_load_all', 'shelve.open', 'joblib.load', 'torch.load', 'pandas.read_pickle',
    ],
    what: 'serialized data',
  },
  // yaml.load with a safe loader (SafeLoader, CSafeLoader, BaseLoader) builds no objects.
  {
    calls: ['yaml.load', 'yaml.load_all'],
    when: ({ ctx, args }) => {
      const loader = args.keywords.get('Loader') ?? args.positional[1];
      return !(loader && /Safe|BaseLoader/.test(textOf(ctx, loader)));
    },
    arg: [0, { keyword: 'stream' }],
    what: 'YAML with an unsafe loader',
  },
  { calls: ['numpy.load'], when: ({ ctx, args }) => { const allow = args.keywords.get('allow_pickle'); return allow !== undefined && textOf(ctx, allow) === 'True'; }, what: 'serialized data' },
];

export const python: PyRuleSpec = { sinks };
