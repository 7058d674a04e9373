const express = require('express');
const fs = require('fs');
const path = require('path');
const utils = require('./utils');

const app = express();

app.get('/static', (req, res) => {
  const file = path.join(__dirname, 'public', String(req.query.name));
  if (!utils.allowPath(file)) return res.status(403).end();
  fs.createReadStream(file).pipe(res);
});

module.exports = app;
