// A JSON API authenticated by bearer tokens: no cookie session a browser would attach for another site.
const express = require('express');
const { verifyBearer } = require('./auth');

const app = express();
app.use(express.json());
app.use(verifyBearer);

app.post('/api/transfers', async (req, res) => {
  const t = await transfers.create(req.user.id, req.body.to, req.body.amount);
  res.status(201).json(t);
});

module.exports = app;
