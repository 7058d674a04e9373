import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

/** The text of a named template: a bare file name only. */
export function loadTemplate(name) {
  return readFileSync(path.join(dir, path.basename(name)), 'utf8');
}
