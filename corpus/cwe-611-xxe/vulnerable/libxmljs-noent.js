const libxmljs = require('libxmljs');
const express = require('express');
const app = express();

app.post('/import', express.text({ type: 'application/xml' }), (req, res) => {
  const doc = libxmljs.parseXml(req.body, { noent: true });
  res.json({ root: doc.root().name() });
});
