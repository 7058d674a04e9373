const express = require('express');
const app = express();
app.use(express.json());

app.post('/preferences', (req, res) => {
  req.session.role = req.body.role;
  res.json({ ok: true });
});
