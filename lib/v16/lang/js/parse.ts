// One parse per file with the TypeScript compiler (it parses JavaScript,
// JSX and JSON too, error-tolerantly).

import ts from 'typescript';

export function scriptKindFor(path: string): ts.ScriptKind {
  const ext = path.slice(path.lastIndexOf('.')).toLowerCase();
  switch (ext) {
    case '.ts':
    case '.mts':
    case '.cts':
      return ts.ScriptKind.TS;
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.json':
      return ts.ScriptKind.JSON;
    default:
      return ts.ScriptKind.JS;
  }
}

export interface ParsedScript {
  sourceFile: ts.SourceFile;
  /** Syntax errors; the tree is still usable (the parser recovers). */
  errors: { line: number; message: string }[];
}

/**
 * `parents: false` leaves `node.parent` unset, a third of the parse's time:
 * for files only the pattern walk visits, which sets the parents on its way
 * down (the taint analysis looks around nodes it reaches out of order).
 */
export function parseScript(path: string, text: string, { parents = true }: { parents?: boolean } = {}): ParsedScript {
  const kind = scriptKindFor(path);
  const sourceFile =
    kind === ts.ScriptKind.JSON
      ? ts.parseJsonText(path, text)
      : ts.createSourceFile(path, text, ts.ScriptTarget.Latest, parents, kind);
  return { sourceFile, errors: syntaxErrors(sourceFile) };
}

// `parseDiagnostics` is internal but has been stable since TypeScript 1.x;
// the public route (a Program) would type-check and cost 10× the parse.
function syntaxErrors(sourceFile: ts.SourceFile): { line: number; message: string }[] {
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  return diagnostics.map((d) => ({
    line: sourceFile.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
    message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
  }));
}
