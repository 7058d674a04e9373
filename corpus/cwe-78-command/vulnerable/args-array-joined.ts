import { execSync } from 'node:child_process';
import express from 'express';

const app = express();

app.get('/convert', (req, res) => {
  const args = ['convert'];
  args.push(req.query.input as string);
  args.push('out.png');
  const output = execSync(args.join(' '));
  res.send(output.toString());
});
