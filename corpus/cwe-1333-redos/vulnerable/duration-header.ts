import express from 'express';

const app = express();
const DURATION = /^(\d+)\s*(?:ms|s|m|h)?\s*$/;

app.get('/cache', (req, res) => {
  const ttl = req.get('x-cache-ttl') ?? '60s';
  // Two "\s*" around an optional unit share the blanks between them: quadratic on "1" + spaces + "x".
  if (!DURATION.test(ttl)) return res.status(400).json({ error: 'bad ttl' });
  res.json({ ttl });
});
