// Orders components by how much an attacker would care: request handlers
// first (where untrusted input arrives), then authentication and data
// access, weighted by the threat profile; tests and examples last.

import path from 'node:path';
import { languageOf } from '../languages';
import type { Component, ComponentKind, Language, ThreatProfile } from '../types';
import type { ComponentGroup } from './components';

const HANDLER_DIRS = /^(?:routes?|api|handlers?|controllers?|endpoints?|views|resolvers?|server)$/i;
const HANDLER_FILES = /^(?:views|urls|app|main|server|wsgi|asgi|routes?|handlers?|controllers?)\.(?:py|[cm]?[jt]sx?)$|^route\.[cm]?[jt]sx?$/i;
const HANDLER_CODE =
  /\b(?:app|router|api|bp|blueprint|server|fastify)\.(?:get|post|put|patch|delete|all|use|route)\s*\(|@\w+\.(?:route|get|post|put|patch|delete|api_route)\s*\(|export\s+(?:async\s+)?function\s+(?:GET|POST|PUT|PATCH|DELETE)\b|['"]use server['"]/;
const AUTH_OR_DATA = /auth|login|session|passport|oauth|jwt|password|account|admin|permission|users?\b|db|database|models?|repositor|quer(?:y|ies)|sql|dao|prisma|migration|middleware/i;
const LOW_VALUE_DIRS = /^(?:tests?|__tests__|spec|e2e|fixtures|examples?|docs?|scripts|bench(?:marks?)?|stories)$/i;
const TEST_FILES = /\.(?:test|spec)\.[cm]?[jt]sx?$|^test_.*\.py$|_test\.py$/;
/** Injection and traversal classes: the ones request handlers are where to look for. */
const FLOW_CWES = new Set(['CWE-89', 'CWE-78', 'CWE-77', 'CWE-94', 'CWE-95', 'CWE-22']);
const SECRET_CWES = new Set(['CWE-798', 'CWE-259', 'CWE-321']);
/** Classes decided by deployment and transport settings: infrastructure files matter for them. */
const INFRA_CWES = new Set(['CWE-798', 'CWE-295', 'CWE-614', 'CWE-1004', 'CWE-250', 'CWE-732']);
const AUTH_PATHS = /auth|login|session|passport|oauth|jwt|password|account|permission|middleware/i;
const DATA_PATHS = /db|database|models?|repositor|quer(?:y|ies)|sql|dao|prisma|migration|mongo|store/i;
/** A boundary sentence naming infrastructure ("CI", "containers", "cloud") raises infrastructure files. */
const INFRA_WORDS = /\b(?:ci|pipeline|docker|container|kubernetes|k8s|terraform|cloud|infrastructure|deploy)/i;
const STOPWORDS = new Set(['from', 'that', 'with', 'must', 'never', 'their', 'they', 'into', 'this', 'these', 'those', 'belong', 'handling', 'reachable', 'untrusted', 'trusted']);
const LANGUAGE_ORDER: Language[] = ['javascript', 'typescript', 'python', 'other'];
const LANGUAGE_NAMES: Record<Language, string> = { javascript: 'JavaScript', typescript: 'TypeScript', python: 'Python', other: 'config' };

/** What ranking needs from a file's first bytes, so the planner need not keep them. */
export interface FileSignals {
  /** Routes are registered or handlers exported here. */
  handlerCode: boolean;
  /** The name a manifest gives its package. */
  packageName?: string;
}

export function fileSignals(file: string, head: string): FileSignals {
  const name = path.posix.basename(file);
  const packageName =
    name === 'package.json'
      ? /"name"\s*:\s*"([^"]+)"/.exec(head)?.[1]
      : name === 'pyproject.toml'
        ? /^name\s*=\s*["']([^"']+)["']/m.exec(head)?.[1]
        : undefined;
  return { handlerCode: HANDLER_CODE.test(head), packageName };
}

interface Scored {
  component: Component;
  score: number;
}

export function rankComponents(groups: readonly ComponentGroup[], signals: ReadonlyMap<string, FileSignals>, profile: ThreatProfile): Component[] {
  const wanted = profile.weaknessClasses.map((c) => c.trim().toUpperCase());
  const wantsFlows = wanted.length === 0 || wanted.some((c) => FLOW_CWES.has(c));
  const onlySecrets = wanted.length > 0 && wanted.every((c) => SECRET_CWES.has(c));
  const keywords = profileKeywords(profile);
  const wantsInfra = wanted.length === 0 || wanted.some((c) => INFRA_CWES.has(c)) || INFRA_WORDS.test([profile.description, ...profile.trustBoundaries].join(' '));
  const focus = (profile.focusPaths ?? []).map(globToRegExp);

  const scored = groups.map((group): Scored => {
    const paths = group.files.map((f) => f.path);
    const handlers = paths.filter((p) => isHandler(p) || signals.get(p)?.handlerCode);
    const authData = paths.filter((p) => AUTH_OR_DATA.test(p));
    const configs = paths.filter((p) => languageOf(p) === 'other');
    const words = new Set(paths.flatMap(pathWords));
    const matched = [...keywords].filter((k) => words.has(k));
    const lowValue = paths.every((p) => TEST_FILES.test(path.posix.basename(p)) || p.split('/').some((s) => LOW_VALUE_DIRS.test(s)));

    const focused = focus.length > 0 && paths.some((p) => focus.some((re) => re.test(p)));
    const infra = group.isInfrastructure === true;
    const score =
      (infra ? (wantsInfra ? 5 : 0) : 0) +
      (focused ? 20 : 0) +
      (handlers.length ? (wantsFlows ? 8 : 2) : 0) +
      (authData.length ? 4 : 0) +
      (configs.length ? (onlySecrets ? 6 : 1) : 0) +
      Math.min(matched.length, 3) -
      (lowValue ? 10 : 0);
    const reasons = [
      focused && 'in the threat profile’s focus paths',
      infra && `deployment and CI files (${example(paths)})`,
      handlers.length && `request handlers (${example(handlers)})`,
      authData.length && `authentication or data access (${example(authData)})`,
      configs.length && onlySecrets && 'configuration that may hold secrets',
      matched.length && `matches the threat profile (${matched.slice(0, 3).join(', ')})`,
      lowValue && 'only tests, scripts or examples',
    ].filter((r): r is string => typeof r === 'string');
    const kind: ComponentKind = infra
      ? 'infrastructure'
      : lowValue
        ? 'tests'
        : handlers.length
          ? 'handlers'
          : paths.some((p) => AUTH_PATHS.test(p))
            ? 'auth'
            : paths.some((p) => DATA_PATHS.test(p))
              ? 'data-access'
              : group.isPackage
                ? packageKind(paths)
                : 'folder';
    return { component: { ...toComponent(group, signals, reasons), kind }, score };
  });
  scored.sort((a, b) => b.score - a.score || (a.component.id < b.component.id ? -1 : a.component.id > b.component.id ? 1 : 0));
  return scored.map((s, i) => ({ ...s.component, rank: i + 1 }));
}

/** A package with an entry point that serves (a Dockerfile, a server file) is a service. */
function packageKind(paths: string[]): ComponentKind {
  return paths.some((p) => /(^|\/)(server|main|app|index)\.[cm]?[jt]s$|(^|\/)(wsgi|asgi|manage)\.py$/.test(p)) ? 'service' : 'package';
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replaceAll('\u0000', '.*');
  return new RegExp(`^${escaped}`);
}

function toComponent(group: ComponentGroup, signals: ReadonlyMap<string, FileSignals>, reasons: string[]): Component {
  const languages = LANGUAGE_ORDER.filter((l) => group.files.some((f) => languageOf(f.path) === l));
  const summary = `${group.files.length} file${group.files.length === 1 ? '' : 's'}: ${languages.map((l) => LANGUAGE_NAMES[l]).join(', ')}`;
  const kind = group.isInfrastructure ? 'infrastructure' : group.isPackage ? 'package' : group.root === '' ? 'files at the repository root' : 'folder';
  return {
    id: group.id,
    name: (group.isPackage && packageName(group, signals)) || group.id,
    root: group.root,
    files: group.files.map((f) => f.path),
    languages,
    reason: [`${kind}; ${summary}`, ...reasons].join('; '),
    estimatedBytes: group.files.reduce((sum, f) => sum + f.size, 0),
  };
}

function isHandler(file: string): boolean {
  const segments = file.split('/');
  const name = segments.pop()!;
  return segments.some((s) => HANDLER_DIRS.test(s)) || HANDLER_FILES.test(name);
}

function example(paths: string[]): string {
  return paths.length === 1 ? paths[0] : `${paths[0]} and ${paths.length - 1} more`;
}

function packageName(group: ComponentGroup, signals: ReadonlyMap<string, FileSignals>): string | undefined {
  const prefix = group.root ? `${group.root}/` : '';
  return signals.get(`${prefix}package.json`)?.packageName ?? signals.get(`${prefix}pyproject.toml`)?.packageName;
}

function profileKeywords(profile: ThreatProfile): Set<string> {
  const text = [profile.description, ...profile.trustBoundaries].join(' ').toLowerCase();
  return new Set(text.split(/[^a-z]+/).filter((w) => w.length >= 4 && !STOPWORDS.has(w)));
}

function pathWords(file: string): string[] {
  return file.toLowerCase().split(/[^a-z]+/).filter(Boolean);
}
