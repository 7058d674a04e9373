const express = require('express');
const app = express();

// GET /posts?tags=a, b, c
app.get('/posts', (req, res) => {
  // "\s*,\s*" retries a long run of spaces from each position when no comma follows.
  const tags = String(req.query.tags || '').split(/\s*,\s*/);
  res.json({ tags });
});

app.listen(3000);
