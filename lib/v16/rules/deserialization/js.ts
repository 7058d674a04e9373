import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

const sinks: readonly JsSink[] = [
  { calls: ['node-serialize.unserialize', 'serialize-to-js.deserialize', 'v8.deserialize', 'funcster.deepDeserialize'], what: 'serialized data' },
  { calls: ['js-yaml.load'], when: ({ args }) => args[1] !== undefined && /FULL|DEFAULT_FULL|unsafe/i.test(args[1].getText()), what: 'YAML with a full schema' },
];

export const js: JsRuleSpec = { sinks };
