import { importsModule } from '../../lang/python/calls';
import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';
import { textOf } from '../../lang/python/syntax';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'stream'];
const what = 'URL the server requests';

const sinks: readonly PySink[] = [
  {
    calls: [...['requests', 'httpx'].flatMap((m) => METHODS.map((f) => `${m}.${f}`)), 'urllib.request.urlopen', 'urllib.request.Request', 'urllib2.urlopen', 'aiohttp.request'],
    arg: [0, { keyword: 'url' }],
    what,
  },
  // A client or session object of an HTTP library: httpx.AsyncClient(), requests.Session(), aiohttp.ClientSession().
  {
    names: METHODS,
    when: ({ ctx, callee }) => callee.receiver !== undefined && /client|session|http/i.test(textOf(ctx, callee.receiver)) && importsModule(ctx, /^(?:requests|httpx|aiohttp|urllib3)/),
    arg: [0, { keyword: 'url' }],
    what,
  },
  // request(method, url)
  { calls: ['requests.request', 'httpx.request'], arg: [1, { keyword: 'url' }], what },
];

export const python: PyRuleSpec = { sinks };
