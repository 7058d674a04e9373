import { isImported } from '../../lang/js/calls';
import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

const imported: JsSink['when'] = ({ qualified, modules }) => isImported(qualified, modules);

const sinks: readonly JsSink[] = [
  // set(obj, path, value): the path chooses the property.
  { calls: ['lodash.set', 'lodash.setWith', 'dot-prop.set', 'set-value', 'object-path.set'], when: imported, args: [1], what: 'property path' },
  {
    calls: ['lodash.merge', 'lodash.mergeWith', 'lodash.defaultsDeep', 'lodash.zipObjectDeep', 'deep-extend', 'merge', 'merge-deep', 'mixin-deep', 'deepmerge', 'jquery.extend'],
    when: imported,
    args: [{ from: 1 }],
    what: 'object merged into another',
  },
];

export const js: JsRuleSpec = { sinks };
