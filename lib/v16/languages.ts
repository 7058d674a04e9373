// Which files the builtin engine reads, and as what. Shared by the planner
// (what to include) and the auditor (which analyzer to run).

import type { Language } from './types';

/** Code is analyzed for data flows and secrets; config only for secrets. */
export type FileKind = { kind: 'code'; language: Exclude<Language, 'other'> } | { kind: 'config' };

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

export function fileKind(path: string): FileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).toLowerCase() : '';
  const language = CODE_EXTENSIONS[ext];
  if (language) return { kind: 'code', language };
  if (CONFIG_EXTENSIONS.has(ext) || name === '.env' || name.startsWith('.env.') || /^Dockerfile(\..+)?$/.test(name) || name.endsWith('.Dockerfile')) {
    return { kind: 'config' };
  }
  return undefined;
}

export function languageOf(path: string): Language {
  const kind = fileKind(path);
  return kind?.kind === 'code' ? kind.language : 'other';
}
