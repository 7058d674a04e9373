// Which files the builtin engine reads, and as what. Shared by the planner
// (what to include) and the auditor (which analyzer to run).

import type { Language } from './types';

/**
 * Code is analyzed for data flows and secrets; config only for secrets;
 * templates for secrets, and read by the handlers that render them
 * (audit/templates.ts: what they write unescaped).
 */
export type FileKind = { kind: 'code'; language: Exclude<Language, 'other'> } | { kind: 'config' } | { kind: 'template' };

const CODE_EXTENSIONS: Record<string, Exclude<Language, 'other'>> = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.py': 'python',
};

// Formats where credentials are commonly committed.
const CONFIG_EXTENSIONS = new Set(['.json', '.yml', '.yaml', '.toml', '.ini', '.cfg', '.pem', '.key', '.tf', '.tfvars']);

// Views of Express (EJS, Pug, Handlebars, Nunjucks, Mustache) and of Flask, Django and
// Jinja2; an .html file only in a views/ or templates/ folder (elsewhere it is a static page).
const TEMPLATE_EXTENSIONS = new Set(['.ejs', '.pug', '.jade', '.hbs', '.handlebars', '.mustache', '.njk', '.nunjucks', '.jinja', '.jinja2', '.j2', '.twig', '.swig']);
const TEMPLATE_FOLDER = /(?:^|\/)(?:views|templates)\//;

/** `#!/usr/bin/env node`, `#!/usr/bin/python3`, `#!/usr/bin/env -S npx tsx`: the interpreter of an extension-less script. */
const SHEBANG = /^#![ \t]*(?:\S*\/)?(?:env[ \t]+(?:-S[ \t]+)?(?:npx[ \t]+)?)?(node|nodejs|bun|deno|tsx|ts-node|python[0-9.]*)\b/;
const INTERPRETERS: Record<string, Exclude<Language, 'other'>> = { node: 'javascript', nodejs: 'javascript', bun: 'javascript', deno: 'typescript', tsx: 'typescript', 'ts-node': 'typescript' };

/**
 * What a file is to the engine, by its extension; a file without one (a
 * `bin/` script) by the interpreter its first line names, when `head` (the
 * file's first bytes) is given.
 */
export function fileKind(path: string, head?: string): FileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).toLowerCase() : '';
  const language = CODE_EXTENSIONS[ext];
  if (language) return { kind: 'code', language };
  if (dot <= 0 && head?.startsWith('#!')) {
    const interpreter = SHEBANG.exec(head)?.[1];
    if (interpreter) return { kind: 'code', language: interpreter.startsWith('python') ? 'python' : INTERPRETERS[interpreter] };
  }
  if (TEMPLATE_EXTENSIONS.has(ext) || ((ext === '.html' || ext === '.htm') && TEMPLATE_FOLDER.test(path))) return { kind: 'template' };
  if (CONFIG_EXTENSIONS.has(ext) || name === '.env' || name.startsWith('.env.') || /^Dockerfile(\..+)?$/.test(name) || name.endsWith('.Dockerfile')) {
    return { kind: 'config' };
  }
  return undefined;
}

export function languageOf(path: string): Language {
  const kind = fileKind(path);
  return kind?.kind === 'code' ? kind.language : 'other';
}
