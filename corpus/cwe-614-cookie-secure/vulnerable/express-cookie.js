const express = require('express');
const app = express();

app.post('/login', (req, res) => {
  const token = issueSession(req.body.user);
  res.cookie('session', token, { httpOnly: true, sameSite: 'lax' });
  res.json({ ok: true });
});
