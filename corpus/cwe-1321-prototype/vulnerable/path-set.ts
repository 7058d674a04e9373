import express from 'express';
const app = express();
const store: Record<string, any> = {};

app.post('/set', express.json(), (req, res) => {
  const { section, key, value } = req.body;
  store[section][key] = value;
  res.json({ ok: true });
});
