const jwt = require('jsonwebtoken');

const KEY = process.env.JWT_SECRET;
if (!KEY) throw new Error('JWT_SECRET is not set');

exports.issue = (user) => jwt.sign({ sub: user.id }, KEY, { expiresIn: '1h' });
exports.check = (token) => jwt.verify(token, KEY);
