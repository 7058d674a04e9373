const express = require('express');
const app = express();

app.post('/prefs', (req, res) => {
  res.cookie('layout', String(req.body.layout), { secure: true, httpOnly: true });
  res.end();
});

module.exports = app;
