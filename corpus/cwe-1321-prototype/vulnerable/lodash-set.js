const _ = require('lodash');
const express = require('express');
const app = express();
const config = {};

app.post('/config', express.json(), (req, res) => {
  _.set(config, req.body.path, req.body.value);
  res.json(config);
});
