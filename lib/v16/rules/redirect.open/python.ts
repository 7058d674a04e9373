import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';

const sinks: readonly PySink[] = [
  {
    calls: [
      'flask.redirect', 'redirect', 'django.shortcuts.redirect', 'django.http.HttpResponseRedirect', 'django.http.HttpResponsePermanentRedirect',
      'HttpResponseRedirect', 'starlette.responses.RedirectResponse', 'fastapi.responses.RedirectResponse', 'RedirectResponse', 'werkzeug.utils.redirect',
    ],
    arg: [0, { keyword: 'location' }, { keyword: 'url' }],
    what: 'redirect target',
  },
];

export const python: PyRuleSpec = { sinks };
