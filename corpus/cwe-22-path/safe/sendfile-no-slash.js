const express = require('express');
const path = require('path');

const app = express();

app.get('/docs', (req, res) => {
  const file = String(req.query.file || '');
  if (file.includes('/') || file.includes('\\') || file.includes('..')) {
    return res.status(400).send('bad name');
  }
  res.sendFile(path.join(__dirname, 'docs', file));
});

module.exports = app;
