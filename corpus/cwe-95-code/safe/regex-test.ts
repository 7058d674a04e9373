import express from 'express';
const app = express();

app.get('/check', (req, res) => {
  const ok = /^[a-z]+$/.test(String(req.query.name));
  res.json({ ok });
});
