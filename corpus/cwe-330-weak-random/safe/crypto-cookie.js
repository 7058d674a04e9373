const crypto = require('node:crypto');
const express = require('express');
const app = express();

app.post('/device', (req, res) => {
  const value = crypto.randomBytes(16).toString('hex');
  const delay = Math.random() * 100;
  setTimeout(() => {
    res.cookie('device', value, { secure: true, httpOnly: true });
    res.send('ok');
  }, delay);
});

module.exports = app;
