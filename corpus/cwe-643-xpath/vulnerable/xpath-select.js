const xpath = require('xpath');
const { DOMParser } = require('@xmldom/xmldom');
const fs = require('fs');
const express = require('express');
const app = express();
const doc = new DOMParser().parseFromString(fs.readFileSync('users.xml', 'utf8'));

app.get('/user', (req, res) => {
  const nodes = xpath.select(`//user[name/text()='${req.query.name}']/email`, doc);
  res.json(nodes.map(String));
});
