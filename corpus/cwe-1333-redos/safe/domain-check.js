const express = require('express');
const app = express();

// Labels end in a dot, so each repetition is decided by where the dots are: linear.
const HOST = /^([a-z0-9-]+\.)+[a-z]{2,}$/i;

app.get('/lookup', (req, res) => {
  const host = String(req.query.host || '');
  if (!HOST.test(host)) return res.status(400).json({ error: 'bad host' });
  res.json({ host });
});

app.listen(3000);
