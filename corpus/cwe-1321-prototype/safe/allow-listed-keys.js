const express = require('express');
const app = express();
const prefs = { theme: 'light', language: 'en' };

app.post('/prefs', express.json(), (req, res) => {
  const name = req.body.name;
  if (!['theme', 'language'].includes(name)) return res.status(400).end();
  prefs[name] = String(req.body.value);
  res.json(prefs);
});
