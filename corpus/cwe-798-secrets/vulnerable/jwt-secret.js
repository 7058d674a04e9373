const jwt = require('jsonwebtoken');
const jwtSecret = 'b7e2c9f41a6d08e3f5a2c7b9d1e4f6a8';

function issue(user) {
  return jwt.sign({ sub: user.id }, jwtSecret, { expiresIn: '1h' });
}
module.exports = { issue };
