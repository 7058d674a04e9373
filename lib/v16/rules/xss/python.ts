import { isCollection } from '../../lang/python/calls';
import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';

const sinks: readonly PySink[] = [
  // A response body built as text; a dict or list is data (JSON).
  {
    calls: ['django.http.HttpResponse', 'HttpResponse', 'flask.make_response', 'make_response', 'markupsafe.Markup', 'flask.Markup', 'Markup', 'starlette.responses.HTMLResponse', 'fastapi.responses.HTMLResponse', 'HTMLResponse'],
    when: ({ args }) => args.positional[0] !== undefined && !isCollection(args.positional[0]),
    what: 'HTML response body',
  },
];

export const python: PyRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'markupsafe.escape', 'flask.escape', 'html.escape', 'cgi.escape', 'django.utils.html.escape', 'bleach.clean',
  ],
};
