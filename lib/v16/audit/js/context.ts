// What the JavaScript/TypeScript analyzer's parts share about the file.

import type { CallStack } from '../taint/call-stack';
import type ts from 'typescript';
import type { DraftFinding } from '../finding';
import type { Taint } from '../taint/taint';
import type { LineIndex } from '../source-text';
import type { TraceStep } from '../../types';
import type { ModuleBindings } from '../../lang/js/modules';

export interface FileContext {
  path: string;
  sourceFile: ts.SourceFile;
  lines: LineIndex;
  modules: ModuleBindings;
  /** The file starts with 'use server': every exported function is a server action. */
  serverActions: boolean;
  /** The repository is a library: its exported functions' arguments are input (app-kind.ts). Only the audited file's own exports. */
  libraryInputs?: boolean;
  /** The file imports a web framework, so `req`/`request` parameters are almost surely HTTP requests. */
  webFramework: boolean;
  drafts: DraftFinding[];
  /** Functions declared at the top level of this file, by name: calls into them are analyzed with the caller's taint. */
  functions: Map<string, ts.FunctionLikeDeclaration>;
  /** Top-level `const NAME = literal` values, so `if (DEBUG)` with DEBUG = false is known never to run. */
  constants: Map<string, unknown>;
  /** Top-level classes by name ('default' for the default export): calls to their methods are followed (classes.ts). */
  classes: Map<string, ts.ClassLikeDeclaration>;
  /** Top-level names holding an instance (`const repo = new Repo()`, 'default' for `export default new Repo()`) → the class's name here. */
  instances: Map<string, string>;
  /** Names given one class anywhere in the file, computed on first need (classes.ts). */
  localInstances?: ReadonlyMap<string, string>;
  /** Analyzes a call into a project function (this file or a relative import); set by the analyzer. */
  callProject?: (call: ts.CallExpression | ts.NewExpression, args: (Taint | undefined)[]) => { taint: Taint | undefined } | undefined;
  /** Another module of the component, by import specifier relative to this file. */
  importModule?: (specifier: string) => FileContext | undefined;
  /** Any file of the component by its path from the snapshot root (templates a handler renders). */
  readFile?: (path: string) => string | undefined;
  /** The project calls the audit is inside, shared by the module contexts it opens (taint/call-stack.ts). */
  calls: CallStack<ts.FunctionLikeDeclaration, ts.Node>;
}

export type { Scope } from '../taint/scope';

export function locate(ctx: FileContext, node: ts.Node): { path: string; line: number } {
  return { path: ctx.path, line: ctx.lines.lineOf(node.getStart(ctx.sourceFile)) };
}

export function stepAt(ctx: FileContext, node: ts.Node, note: string): TraceStep {
  return { ...locate(ctx, node), note };
}

export function codeOf(ctx: FileContext, node: ts.Node): string {
  return node.getText(ctx.sourceFile);
}
