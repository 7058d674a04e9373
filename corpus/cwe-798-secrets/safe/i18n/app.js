const de = require('./de.json');
module.exports = (key) => key.split('.').reduce((o, k) => o && o[k], de);
