const crypto = require('crypto');

function encrypt(text, key, iv) {
  const cipher = crypto.createCipheriv('des-ede3-cbc', key, iv);
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}
module.exports = { encrypt };
