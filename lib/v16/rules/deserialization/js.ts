import type { JsSink } from '../../lang/js/sink-spec';

export const js: readonly JsSink[] = [
  { calls: ['node-serialize.unserialize', 'serialize-to-js.deserialize', 'v8.deserialize', 'funcster.deepDeserialize'], what: 'serialized data' },
  { calls: ['js-yaml.load'], when: ({ args }) => args[1] !== undefined && /FULL|DEFAULT_FULL|unsafe/i.test(args[1].getText()), what: 'YAML with a full schema' },
];
