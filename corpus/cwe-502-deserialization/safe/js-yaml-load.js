const yaml = require('js-yaml');
const express = require('express');
const app = express();

app.post('/import', express.text(), (req, res) => {
  const doc = yaml.load(req.body, { schema: yaml.JSON_SCHEMA });
  res.json({ keys: Object.keys(doc || {}) });
});
