const express = require('express');
const app = express();

app.get('/grep', (req, res) => {
  const pattern = new RegExp(req.query.pattern, 'i');
  res.json(LINES.filter((line) => pattern.test(line)));
});
