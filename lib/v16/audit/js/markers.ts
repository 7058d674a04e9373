// Words a JavaScript/TypeScript file must contain for a rule to have
// anything to report in it, tested on the raw text before parsing. Most
// files of a real tree (models, utilities, generated query builders) contain
// none of them: they are neither parsed nor walked, and their findings are
// the same empty list.
//
// Every pattern rule decides on a name or a literal of the file, so each
// one declares the words that name or literal must contain (its `words`, in
// its folder under lib/v16/rules/), and the filter is their union.
// markers.test.ts checks, on the corpus and this repository, that each rule
// reports only in files its own words let through.

import { wordsOf } from '../../rules';
import { wordFilter } from '../../rules/words';
import { PROCESS_INPUT_MARKERS } from '../taint/process-inputs';
import { SOURCE_MARKERS } from './source-names';

/**
 * Whether a taint source may be in the file: request input (the names of
 * source-names.ts, where they can be sources), or the command line and
 * environment (taint/process-inputs.ts). Files without any get only the
 * pattern rules: no flow can start in them (calls from files that have a
 * source still analyze their functions).
 */
export function hasSourceMarkers(text: string): boolean {
  return SOURCE_MARKERS.test(text) || PROCESS_INPUT_MARKERS.test(text);
}

/**
 * The pattern rules' words: each rule declares its own (`words` in
 * lib/v16/rules/<rule-id>/rule.ts; secrets.hardcoded's include the modules
 * of the key-use table, whose literal keys are found by their use).
 */
const RULE_WORDS = wordFilter(wordsOf('js').values());

/**
 * Whether any rule (taint or pattern) may report something in this file.
 * Names and string values are compared after escapes are undone
 * (`'pass\x77ord'` is the name "password").
 */
export function mayHaveFindings(text: string): boolean {
  if (hasSourceMarkers(text)) return true;
  return RULE_WORDS(text.includes('\\') ? unescapeLoosely(text) : text);
}

/**
 * The text with string and identifier escapes undone, everywhere (also in
 * comments and regular expressions, which only makes the test above more
 * willing): every name and string value of the file occurs in the result.
 * `\b`, `\n` and friends become the letter itself, again only adding text.
 */
export function unescapeLoosely(text: string): string {
  return text.replace(
    /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-3][0-7]{0,2}|[4-7][0-7]?)|(\r\n|[\s\S]))/g,
    (_match, brace: string | undefined, u4: string | undefined, x2: string | undefined, octal: string | undefined, other: string | undefined) => {
      if (brace !== undefined) {
        const code = parseInt(brace, 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      if (u4 !== undefined) return String.fromCharCode(parseInt(u4, 16));
      if (x2 !== undefined) return String.fromCharCode(parseInt(x2, 16));
      if (octal !== undefined) return String.fromCharCode(parseInt(octal, 8));
      // A backslash before a line break continues the string: both vanish.
      return /^(?:\r\n|[\r\n\u2028\u2029])$/.test(other!) ? '' : other!;
    },
  );
}
