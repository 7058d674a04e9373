import ts from 'typescript';
import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

/** Programs that run their `-c` argument as a shell command. */
const SHELLS = /^(?:.*\/)?(?:sh|bash|zsh|dash|ksh|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh)$/;

const sinks: readonly JsSink[] = [
  { calls: ['child_process.exec', 'child_process.execSync', 'shelljs.exec'], what: 'shell command' },
  // execFile / spawn run argv directly unless a shell is asked for, explicitly or as the program.
  {
    calls: ['child_process.spawn', 'child_process.spawnSync', 'child_process.execFile', 'child_process.execFileSync'],
    what: 'shell command',
    form: ({ args }) => {
      const options = args.find(ts.isObjectLiteralExpression);
      const shellOption = options?.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'shell');
      const shellOn = shellOption !== undefined && !(ts.isPropertyAssignment(shellOption) && shellOption.initializer.kind === ts.SyntaxKind.FalseKeyword);
      const what = 'shell command';
      if (shellOn) return present([args[0], args[1] && !ts.isObjectLiteralExpression(args[1]) ? args[1] : undefined], what);
      const [program, argv] = args;
      if (program && ts.isStringLiteralLike(program) && SHELLS.test(program.text) && argv && ts.isArrayLiteralExpression(argv)) {
        const runsScript = argv.elements.some((e) => ts.isStringLiteralLike(e) && /^[-/]c$/i.test(e.text));
        if (runsScript) return { args: [argv], what };
      }
      return undefined;
    },
  },
];

function present(args: (ts.Expression | undefined)[], what: string) {
  const found = args.filter((a): a is ts.Expression => a !== undefined);
  return found.length ? { args: found, what } : undefined;
}

export const js: JsRuleSpec = {
  sinks,
  // Calls whose result is safe for this class (import-resolved names).
  sanitizers: [
    'shell-quote.quote', 'shell-escape',
  ],
};
