import { isImported } from '../../lang/js/calls';
import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

const CLIENTS = [
  'fetch', 'node-fetch', 'axios', 'axios.get', 'axios.post', 'axios.put', 'axios.patch', 'axios.delete', 'axios.head',
  'axios.request', 'got', 'got.get', 'got.post', 'got.stream', 'http.get', 'http.request', 'https.get', 'https.request',
  'needle', 'needle.get', 'superagent.get', 'superagent.post', 'request', 'request.get', 'request.post', 'undici.request',
  'undici.fetch', 'ky', 'ky.get', 'ky.post',
];

const sinks: readonly JsSink[] = [
  {
    // An ES module's default export through CommonJS interop: `axios.default(url)`.
    calls: [...CLIENTS, ...CLIENTS.map((c) => `${c}.default`)],
    when: ({ qualified, modules }) => isImported(qualified, modules),
    args: [{ property: 'url', of: 0 }],
    what: 'URL the server requests',
  },
];

export const js: JsRuleSpec = { sinks };
