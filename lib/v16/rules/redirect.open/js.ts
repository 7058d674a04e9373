import { receiverText } from '../../lang/js/calls';
import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

const sinks: readonly JsSink[] = [
  // The target is the last argument: res.redirect(301, url).
  {
    calls: ['next/navigation.redirect', 'next/navigation.permanentRedirect', 'next/server.NextResponse.redirect', 'NextResponse.redirect', 'Response.redirect'],
    args: ['last'],
    what: 'redirect target',
  },
  { names: ['redirect'], when: ({ callee }) => /^(?:res|response|reply|ctx)$/.test((callee.receiver && receiverText(callee.receiver)) ?? ''), args: ['last'], what: 'redirect target' },
  { names: ['redirect'], when: ({ callee, qualified, args }) => !callee.receiver && qualified === 'redirect' && args.length > 0, what: 'redirect target' },
];

export const js: JsRuleSpec = { sinks };
