const express = require('express');
const app = express();
app.use(express.json());
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function merge(target, source) {
  for (const key of Object.keys(source)) {
    if (FORBIDDEN.has(key)) continue;
    if (typeof source[key] === 'object' && source[key] !== null) {
      if (!Object.hasOwn(target, key)) target[key] = {};
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
