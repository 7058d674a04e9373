import express from 'express';
const app = express();

app.get('/echo', (req, res) => {
  res.json({ message: req.query.message });
});
