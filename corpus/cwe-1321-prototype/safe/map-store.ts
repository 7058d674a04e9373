import express from 'express';
const app = express();
const store = new Map<string, Map<string, unknown>>();

app.post('/set', express.json(), (req, res) => {
  const { section, key, value } = req.body;
  if (!store.has(section)) store.set(section, new Map());
  store.get(section)!.set(key, value);
  res.json({ ok: true });
});
