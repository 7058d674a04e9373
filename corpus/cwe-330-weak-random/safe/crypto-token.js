const crypto = require('crypto');

function createResetToken() {
  return crypto.randomBytes(32).toString('hex');
}

function retryDelay(attempt) {
  return 2 ** attempt * 100 + Math.random() * 100;
}
module.exports = { createResetToken, retryDelay };
