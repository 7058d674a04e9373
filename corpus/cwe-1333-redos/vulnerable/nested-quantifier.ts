import express from 'express';
const app = express();
const EMAIL = /^([a-zA-Z0-9]+)*@example\.com$/;

app.post('/subscribe', express.json(), (req, res) => {
  res.json({ valid: EMAIL.test(req.body.email) });
});
