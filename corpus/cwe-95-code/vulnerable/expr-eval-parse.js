const express = require('express');
const { Parser } = require('expr-eval');

const app = express();

app.get('/pricing', (req, res) => {
  const formula = Parser.parse(req.query.formula);
  res.json({ price: formula.evaluate({ base: 10, qty: Number(req.query.qty) }) });
});

module.exports = app;
