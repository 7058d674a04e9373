// Words a Python file must contain for a rule to have anything to report in
// it, tested on the raw text before parsing (the counterpart of
// js/markers.ts). The Python rules compare names and string bodies as they
// are written (escapes kept), so every one of them is a substring of the
// raw text. Each pattern rule declares its words in its folder under
// lib/v16/rules/ (markers.test.ts checks each rule against its own words).

import { wordsOf } from '../../rules';
import { wordFilter } from '../../rules/words';
import { PROCESS_INPUT_MARKERS } from '../taint/process-inputs';

/**
 * Request input: the request object by name (Flask's global, Django's and
 * Starlette's parameter), and route decorators, whose functions' parameters
 * are input (`@app.route`, `@router.get`, …). Files without them, and
 * without command-line or environment input, hold no source.
 */
const REQUEST_MARKERS = /\b(?:request|req)\b|@[^@]{0,160}?\b(?:route|get|post|put|patch|delete|head|options|api_route|websocket)\b/;

/** The pattern rules' words: each rule's `words`, in its folder under lib/v16/rules/. */
const RULE_WORDS = wordFilter(wordsOf('python').values());

export function hasSourceMarkers(text: string): boolean {
  return REQUEST_MARKERS.test(text) || PROCESS_INPUT_MARKERS.test(text);
}

/** Whether any rule (taint or pattern) may report something in this file. */
export function mayHaveFindings(text: string): boolean {
  return hasSourceMarkers(text) || RULE_WORDS(text);
}
