const express = require('express');
const app = express();
app.use(express.json());

function merge(target, source) {
  for (const key in source) {
    if (typeof source[key] === 'object' && source[key] !== null) {
      if (!target[key]) target[key] = {};
      merge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

const settings = {};
app.post('/settings', (req, res) => {
  merge(settings, req.body);
  res.json(settings);
});
