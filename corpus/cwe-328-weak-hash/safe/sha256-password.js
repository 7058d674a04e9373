const crypto = require('crypto');

function hashPassword(password, salt) {
  return crypto.scryptSync(password, salt, 64).toString('hex');
}

function fingerprint(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}
module.exports = { hashPassword, fingerprint };
