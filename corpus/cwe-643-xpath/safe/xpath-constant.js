const xpath = require('xpath');
const { DOMParser } = require('@xmldom/xmldom');
const express = require('express');
const app = express();

app.post('/count', express.text(), (req, res) => {
  const doc = new DOMParser().parseFromString('<items><item/></items>');
  const limit = parseInt(req.query.limit, 10);
  res.json({ count: xpath.select('//item', doc).length, limit });
});
