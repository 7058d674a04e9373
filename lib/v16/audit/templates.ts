// Templates: where a view writes a value without escaping it, and which
// template file a handler's render call names. The analyzers call these at
// `res.render(view, { name: … })` (Express with EJS, Pug, Handlebars,
// Nunjucks, Mustache) and `render_template(view, name=…)` / Django's
// `render(request, view, {"name": …})`: a value from request input that a
// template writes raw is cross-site scripting, reported at the render call
// with the template's line in its trace.

import { posix } from 'node:path';
import type { ReadModule } from './audit-source';
import { taintDraft, type DraftFinding } from './finding';
import { reaches, type Taint } from './taint/taint';

/** Template extensions, tried in this order for a view named without one (languages.ts decides which files are templates). */
export const TEMPLATE_EXTENSIONS = ['.ejs', '.pug', '.jade', '.hbs', '.handlebars', '.mustache', '.njk', '.nunjucks', '.html', '.htm', '.jinja', '.jinja2', '.j2', '.twig', '.swig'];

/** Where a template writes `name` unescaped: its line and the construct. */
export interface RawOutput {
  line: number;
  construct: string;
}

/** The expression a raw construct writes starts with the variable (`name`, `name.bio`, `locals.name`). */
const startsWith = (expr: string, name: string) => new RegExp(`^\\s*(?:locals\\.|this\\.)?${name}\\b`).test(expr);

/**
 * Every place `text` writes the variable `name` without escaping: EJS `<%-`,
 * Pug `!{…}` and `tag!= …`, Handlebars and Mustache `{{{…}}}` and `{{& …}}`,
 * a `safe` filter (Jinja2, Nunjucks, Django, Swig), and any output inside
 * `{% autoescape false %}` / `{% autoescape off %}`. Each syntax is looked
 * for in every template (a `.html` view may be EJS or Jinja2).
 */
export function rawOutputs(text: string, name: string): RawOutput[] {
  const out: RawOutput[] = [];
  const lines = text.split('\n');
  let unescapedBlock = false;
  lines.forEach((line, i) => {
    const push = (construct: string) => out.push({ line: i + 1, construct: construct.trim().slice(0, 80) });
    for (const m of line.matchAll(/<%-([^%<]{0,400})%>/g)) if (startsWith(m[1], name)) push(m[0]);
    for (const m of line.matchAll(/!\{([^{}]{0,400})\}/g)) if (startsWith(m[1], name)) push(m[0]);
    const pugRaw = /^\s*[\w.#:-]*(?:\([^)]{0,400}\))?!=\s*(.{1,400})$/.exec(line);
    if (pugRaw && startsWith(pugRaw[1], name)) push(pugRaw[0]);
    for (const m of line.matchAll(/\{\{\{([^{}]{0,400})\}\}\}|\{\{&([^{}]{0,400})\}\}/g)) if (startsWith(m[1] ?? m[2], name)) push(m[0]);
    // {{ x|safe }}, {{ x | e | safe }}; {% autoescape off %} … {% endautoescape %}, in the order they come.
    for (const m of line.matchAll(/\{%-?\s*(end)?autoescape\b\s*(\w*)|\{\{-?([^{}]{0,400}?)-?\}\}/g)) {
      if (m[3] === undefined) {
        unescapedBlock = !m[1] && /^(?:false|off)$/i.test(m[2]);
        continue;
      }
      const [expr, ...filters] = m[3].split('|');
      if (startsWith(expr, name) && (unescapedBlock || filters.some((f) => /^\s*safe\b/.test(f)))) push(m[0]);
    }
  });
  return out;
}

/**
 * The template a handler at `from` names: `view` (its extension optional)
 * under a `views/` or `templates/` folder of the handler's folder or one of
 * its parents, or (Nunjucks and Jinja2 names are relative to such a folder)
 * the same with the view as given. Only files of the component can be read.
 */
export function findTemplate(read: ReadModule, from: string, view: string): { path: string; text: string } | undefined {
  const name = view.replace(/^\.?\//, '');
  if (name === '' || name.includes('..')) return undefined;
  const hasExtension = /\.[A-Za-z0-9]+$/.test(posix.basename(name));
  const candidates = hasExtension ? [name] : TEMPLATE_EXTENSIONS.map((ext) => `${name}${ext}`);
  let dir = posix.dirname(from);
  for (let depth = 0; depth < 5; depth++) {
    for (const folder of ['views', 'templates']) {
      for (const file of candidates) {
        const path = posix.normalize(dir === '.' ? `${folder}/${file}` : `${dir}/${folder}/${file}`);
        const text = read(path);
        if (text !== undefined) return { path, text };
      }
    }
    if (dir === '.' || dir === '') break;
    dir = posix.dirname(dir);
  }
  return undefined;
}

/**
 * The findings of one render call: each value from request input (`values`,
 * by the name the template sees) that the named template writes unescaped.
 * `sink` is the render call; the template's line ends the trace.
 */
export function renderDrafts(o: {
  read: ReadModule | undefined;
  from: string;
  view: string;
  values: { name: string; taint: Taint | undefined }[];
  sink: { path: string; start: number; end: number; line: number; code: string; name: string };
}): DraftFinding[] {
  const tainted = o.values.filter((v): v is { name: string; taint: Taint } => /^\w{1,100}$/.test(v.name) && reaches(v.taint, 'xss'));
  if (!o.read || tainted.length === 0) return [];
  const template = findTemplate(o.read, o.from, o.view);
  if (!template) return [];
  const drafts: DraftFinding[] = [];
  for (const { name, taint } of tainted) {
    const [raw] = rawOutputs(template.text, name);
    if (!raw) continue;
    const draft = taintDraft({ ruleId: 'xss', taint, sink: { ...o.sink, what: `\`${name}\` of the view ${template.path}` } });
    draft.trace.push({ path: template.path, line: raw.line, note: `written without escaping: ${raw.construct}` });
    draft.detail = `${draft.detail} ${template.path} writes it without escaping on line ${raw.line} (${raw.construct}).`;
    drafts.push(draft);
  }
  return drafts;
}
