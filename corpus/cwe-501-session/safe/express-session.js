const express = require('express');
const app = express();
app.use(express.json());

app.post('/login', async (req, res) => {
  const account = await verifyPassword(req.body.email, req.body.password);
  if (!account) return res.status(401).end();
  req.session.visits = (req.session.visits || 0) + 1;
  req.session.locale = 'en';
  res.json({ ok: true });
});
