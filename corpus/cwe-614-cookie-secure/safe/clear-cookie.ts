import express from 'express';
const app = express();

app.post('/logout', (req, res) => {
  res.clearCookie('session');
  res.json({ ok: true });
});
