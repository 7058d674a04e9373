const express = require('express');
const app = express();

app.post('/login', (req, res) => {
  const sid = issueSession(req.body.user);
  res.cookie('sid', sid, { secure: true });
  res.json({ ok: true });
});
