import fs from 'node:fs/promises';
import path from 'node:path';
import express from 'express';

const REPORTS = '/srv/reports';
const app = express();

app.get('/reports/:name', async (req, res) => {
  const name = req.params.name;
  if (!/^[a-z0-9_-]{1,64}$/i.test(name)) return res.sendStatus(400);
  res.type('text/csv').send(await fs.readFile(path.join(REPORTS, name + '.csv')));
});
