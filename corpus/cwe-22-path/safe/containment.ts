import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

const app = express();
const BASE = path.resolve('/srv/uploads');

app.get('/download', (req, res) => {
  const target = path.resolve(BASE, String(req.query.file));
  if (!target.startsWith(BASE + path.sep)) return res.status(400).end();
  fs.createReadStream(target).pipe(res);
});
