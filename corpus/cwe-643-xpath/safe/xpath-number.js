const xpath = require('xpath');
const { DOMParser } = require('@xmldom/xmldom');
const fs = require('fs');
const express = require('express');
const app = express();
const doc = new DOMParser().parseFromString(fs.readFileSync('catalog.xml', 'utf8'));

app.get('/item', (req, res) => {
  const index = parseInt(req.query.index, 10) || 1;
  res.json(xpath.select(`//item[${index}]/name/text()`, doc).map(String));
});
