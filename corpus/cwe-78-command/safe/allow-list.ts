import { exec } from 'node:child_process';
import express from 'express';

const app = express();
const TASKS: Record<string, string> = { clean: 'make clean', build: 'make build' };

app.post('/task', (req, res) => {
  const command = TASKS[String(req.body.task)] ? 'make ' + (req.body.task === 'clean' ? 'clean' : 'build') : 'true';
  exec(command, (err, out) => res.send(out));
});
