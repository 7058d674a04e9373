'use strict';

/**
 * Removes spaces and tabs at the end of a string.
 * A long run of blanks followed by a letter makes the regex retry the run
 * from each of its positions: quadratic in the caller's input.
 */
module.exports = function trimTrailing(value) {
  return String(value).replace(/[ \t]+$/, '');
};
