const express = require('express');
const app = express();

app.post('/tags', express.json(), (req, res) => {
  const counts = new Map();
  for (const tag of req.body.tags) counts.set(tag, (counts.get(tag) || 0) + 1);
  res.json(Object.fromEntries(counts));
});
