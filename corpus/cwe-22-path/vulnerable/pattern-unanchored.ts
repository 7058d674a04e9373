import fs from 'node:fs/promises';
import path from 'node:path';
import express from 'express';

const REPORTS = '/srv/reports';
const app = express();

app.get('/reports', async (req, res) => {
  const name = String(req.query.name);
  // Only checks that the name contains a word character somewhere: "../../etc/passwd" passes.
  if (!/[\w-]+/.test(name)) return res.sendStatus(400);
  res.type('text/csv').send(await fs.readFile(path.join(REPORTS, name)));
});
