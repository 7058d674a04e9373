const express = require('express');
const app = express();
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

app.get('/grep', (req, res) => {
  const pattern = new RegExp(escapeRegExp(String(req.query.pattern)), 'i');
  res.json(LINES.filter((line) => pattern.test(line)));
});
