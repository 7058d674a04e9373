const express = require('express');
const app = express();

app.get('/count', (req, res) => {
  const n = parseInt(req.query.n, 10) || 0;
  res.send(`<p>You asked for ${n} items</p>`);
});
