const express = require('express');
const app = express();

app.post('/device', (req, res) => {
  const n = Math.random();
  const value = n.toString(36).slice(2);
  res.cookie('device', value, { secure: true, httpOnly: true });
  res.send('ok');
});

module.exports = app;
