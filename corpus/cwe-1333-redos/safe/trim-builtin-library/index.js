'use strict';

const BLANKS = /^[ \t]+/;

/** Removes spaces and tabs at the end (String#trimEnd) and, with `both`, at the start. */
module.exports = function trimTrailing(value, both) {
  const text = String(value).trimEnd();
  // Anchored at the start, the run is tried once: linear.
  return both ? text.replace(BLANKS, '') : text;
};
