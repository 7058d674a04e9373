import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';

const sinks: readonly PySink[] = [
  {
    calls: ['flask.render_template_string', 'render_template_string', 'jinja2.Template', 'mako.template.Template', 'django.template.Template', 'jinja2.Environment.from_string'],
    arg: [0, { keyword: 'source' }],
    what: 'template source',
  },
  // env.from_string(source), whatever the environment is called.
  { names: ['from_string'], when: ({ callee }) => callee.receiver !== undefined, arg: [0, { keyword: 'source' }], what: 'template source' },
];

export const python: PyRuleSpec = { sinks };
