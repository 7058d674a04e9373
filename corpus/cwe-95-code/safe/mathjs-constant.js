const express = require('express');
const math = require('mathjs');

const app = express();
const FORMULA = math.compile('base * (1 + rate) ^ years');

app.get('/interest', (req, res) => {
  const scope = { base: Number(req.query.base), rate: Number(req.query.rate), years: Number(req.query.years) };
  res.json({ value: FORMULA.evaluate(scope), rounded: math.round(math.evaluate('2 * pi'), 3) });
});

module.exports = app;
