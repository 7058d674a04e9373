import ts from 'typescript';
import { isStringLike, receiverText } from '../../lang/js/calls';
import { unwrap } from '../../lang/js/modules';
import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

const RESPONSE_RECEIVER = /^(?:res|response|resp|reply|ctx\.res|ctx\.response)$/;

const sinks: readonly JsSink[] = [
  // Browser APIs that parse their argument as HTML (or, for Angular's bypasses, mark it trusted as such).
  { calls: ['document.write', 'document.writeln', 'window.document.write', 'window.document.writeln'], args: ['all'], what: 'HTML written into the page' },
  { names: ['insertAdjacentHTML'], when: ({ callee }) => callee.receiver !== undefined, args: [1], what: 'HTML inserted into the page' },
  {
    names: ['bypassSecurityTrustHtml', 'bypassSecurityTrustScript', 'bypassSecurityTrustUrl', 'bypassSecurityTrustResourceUrl', 'bypassSecurityTrustStyle'],
    when: ({ callee }) => callee.receiver !== undefined,
    what: 'value marked safe for the page',
  },
  {
    names: ['html', 'append', 'prepend', 'after', 'before', 'replaceWith'],
    when: ({ callee }) => callee.receiver !== undefined && isJQuerySelection(callee.receiver),
    what: 'HTML given to jQuery',
  },
  // A string written as the response body (res.send(`<p>${q}</p>`)); an object is sent as JSON.
  {
    names: ['send', 'write', 'end'],
    when: ({ callee, args }) => RESPONSE_RECEIVER.test((callee.receiver && receiverText(callee.receiver)) ?? '') && args[0] !== undefined && isStringLike(args[0]),
    what: 'HTML response body',
  },
];

/** `$(…)` or `jQuery(…)`, possibly through a chain of its methods: `$('#x').find('p')`. */
function isJQuerySelection(receiver: ts.Expression): boolean {
  let e = unwrap(receiver);
  for (let depth = 0; depth < 6 && ts.isCallExpression(e); depth++) {
    const callee = unwrap(e.expression);
    if (ts.isIdentifier(callee)) return callee.text === '$' || callee.text === 'jQuery';
    if (!ts.isPropertyAccessExpression(callee)) return false;
    e = unwrap(callee.expression);
  }
  return false;
}

export const js: JsRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'escape-html', 'he.encode', 'he.escape', 'lodash.escape', 'validator.escape', 'dompurify.sanitize', 'isomorphic-dompurify.sanitize', 'sanitize-html', 'xss',
  ],
};
