const crypto = require('crypto');

function etagFor(body) {
  return crypto.createHash('sha256').update(body).digest('base64url');
}
module.exports = { etagFor };
