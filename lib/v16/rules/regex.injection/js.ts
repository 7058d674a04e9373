import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

const sinks: readonly JsSink[] = [{ calls: ['RegExp', 'new RegExp'], what: 'regular expression' }];

export const js: JsRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'escape-string-regexp', 'lodash.escapeRegExp',
  ],
};
