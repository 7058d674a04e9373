const express = require('express');
const app = express();
const OPS = { add: (a, b) => a + b, mul: (a, b) => a * b };

app.get('/calc', (req, res) => {
  const op = OPS[req.query.op];
  if (!op) return res.status(400).end();
  res.json({ result: op(Number(req.query.a), Number(req.query.b)) });
});
