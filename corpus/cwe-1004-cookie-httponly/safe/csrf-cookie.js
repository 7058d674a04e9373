const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/form', (req, res) => {
  res.cookie('XSRF-TOKEN', crypto.randomBytes(16).toString('hex'), { secure: true, sameSite: 'strict' });
  res.send('<form method="post"></form>');
});
