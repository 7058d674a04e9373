const express = require('express');
const app = express();
const state = {};

app.post('/state', express.json(), (req, res) => {
  const [group, field] = String(req.body.path).split('.');
  state[group] = state[group] || {};
  state[group][field] = req.body.value;
  res.json(state);
});
