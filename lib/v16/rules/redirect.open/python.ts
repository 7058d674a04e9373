import type { PySink } from '../../lang/python/sink-spec';

export const python: readonly PySink[] = [
  {
    calls: [
      'flask.redirect', 'redirect', 'django.shortcuts.redirect', 'django.http.HttpResponseRedirect', 'django.http.HttpResponsePermanentRedirect',
      'HttpResponseRedirect', 'starlette.responses.RedirectResponse', 'fastapi.responses.RedirectResponse', 'RedirectResponse', 'werkzeug.utils.redirect',
    ],
    arg: [0, { keyword: 'location' }, { keyword: 'url' }],
    what: 'redirect target',
  },
];
