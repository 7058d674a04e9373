/** Reads a dotted property path ("a.b.c") of an object. */
function get(object, propertyPath) {
  return String(propertyPath)
    .split('.')
    .reduce((value, key) => (value == null || !Object.hasOwn(Object(value), key) ? undefined : value[key]), object);
}

module.exports = { get };
