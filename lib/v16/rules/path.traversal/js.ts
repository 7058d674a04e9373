import { hasProperty } from '../../lang/js/calls';
import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

// `fs.promises.readFile` and `fs/promises` resolve to `fs.readFile` (lang/js/modules.ts).
const fs = (...names: string[]) => names.map((n) => `fs.${n}`);

const sinks: readonly JsSink[] = [
  {
    calls: fs(
      'readFile', 'readFileSync', 'createReadStream', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync',
      'createWriteStream', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'readdir', 'readdirSync', 'open', 'openSync',
      'readJson', 'readJSON', 'outputFile', 'remove',
    ),
    what: 'file path',
  },
  { calls: fs('copyFile', 'copyFileSync', 'rename', 'renameSync'), args: [0, 1], what: 'file path' },
  // res.sendFile(path) reads anywhere unless a `root` confines it.
  { names: ['sendFile', 'sendfile', 'download'], when: ({ callee, args }) => callee.receiver !== undefined && !hasProperty(args[1], 'root'), what: 'file path' },
];

export const js: JsRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'path.basename', 'encodeURIComponent',
  ],
};
