const express = require('express');
const app = express();

app.get('/later', (req, res) => {
  const delay = Math.min(Number(req.query.ms) || 0, 5000);
  setTimeout(() => res.send('done'), delay);
});
