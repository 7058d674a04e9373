/** Compiles an expression over `data` into a function. */
function compile(expression) {
  return new Function('data', 'with (data) { return (' + expression + '); }');
}

module.exports = { compile };
