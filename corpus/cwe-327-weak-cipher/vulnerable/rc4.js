const crypto = require('crypto');

exports.obfuscate = (data, key) => {
  const cipher = crypto.createCipheriv('rc4', key, '');
  return cipher.update(data, 'utf8', 'base64') + cipher.final('base64');
};
