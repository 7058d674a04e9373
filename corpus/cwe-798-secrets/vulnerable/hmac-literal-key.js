const crypto = require('crypto');

// Signs webhook payloads sent to customers.
function signature(body) {
  return crypto.createHmac('sha256', 'webhook-signing-2019').update(body).digest('hex');
}

module.exports = { signature };
