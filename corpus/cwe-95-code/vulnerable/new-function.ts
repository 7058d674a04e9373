import express from 'express';
const app = express();

app.get('/filter', (req, res) => {
  const predicate = new Function('item', 'return ' + req.query.rule);
  res.json([1, 2, 3].filter((x) => predicate(x)));
});
