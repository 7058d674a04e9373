// The names JavaScript/TypeScript request sources are recognised by
// (sources.ts), and from them the words a file must hold for any source to
// be in it (markers.ts): one list, so the pre-parse filter cannot fall
// behind the sources, and a name that only matters in one position (a
// handler's second parameter, a serverless export) is looked for there, not
// as any word (drizzle-orm's 124 files with a `res` variable or a class
// named …Handler were walked for sources they could not have).

/** Parameter names that conventionally hold the request, whatever the framework. */
export const REQUEST_NAMES: ReadonlySet<string> = new Set(['req', 'request', 'ctx']);
/** A handler's second parameter, which marks the first as the request: `(r, res) => …`, `({ query }, reply) => …`. */
export const RESPONSE_NAMES: ReadonlySet<string> = new Set(['res', 'response', 'reply', 'h']);
/** Next.js route handlers: the exported function's name is the HTTP method. */
export const ROUTE_HANDLER_EXPORTS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** Names a serverless platform calls a function by (AWS Lambda's `handler`, `lambdaHandler`, `main`). */
export const HANDLER_EXPORT = /^(?:handler|main|[a-zA-Z]\w*Handler)$/;
/** The first parameter of a serverless handler or a message listener: the event the platform (or page) delivers. */
export const EVENT_PARAMS: ReadonlySet<string> = new Set(['event', 'evt']);
/**
 * Browser and client-side inputs, by the global or hook they are read from:
 * `location`, `document`, `window` (sources.ts `isBrowserInput`), Angular's
 * route `snapshot`, Next.js `searchParams` and the router hooks.
 */
export const CLIENT_INPUT_NAMES: ReadonlySet<string> = new Set(['location', 'document', 'window', 'snapshot', 'searchParams', 'useSearchParams', 'useParams', 'useLocation']);

const alternatives = (names: Iterable<string>) => [...names].join('|');

/**
 * Text every source above needs in the file: a request, event or client
 * name as a word; a response name as a second parameter (`, res)`, `, reply:`);
 * an export of a serverless handler's name (`exports.handler`, `export const
 * main: Handler`, `module.exports = { handler }`); a Next.js route export;
 * a server action's 'use server'.
 */
export const SOURCE_MARKERS = new RegExp(
  [
    `\\b(?:${alternatives([...REQUEST_NAMES, ...EVENT_PARAMS, ...CLIENT_INPUT_NAMES])})\\b`,
    `,\\s*(?:${alternatives(RESPONSE_NAMES)})\\s*[:,)=]`,
    `\\bexports?\\b[^;]{0,80}?\\b(?:handler|main|[a-zA-Z]\\w*Handler)\\b`,
    `export\\s+(?:async\\s+)?(?:function|const)\\s+(?:${alternatives(ROUTE_HANDLER_EXPORTS)})\\b`,
    `addEventListener\\s*\\(\\s*['"\`]message\\b|\\bonmessage\\b`,
    'use server',
  ].join('|'),
);
