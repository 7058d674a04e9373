import { execFile } from 'node:child_process';
import express from 'express';

class Git {
  constructor(private readonly cwd: string) {}

  log(range: string) {
    return new Promise<string>((resolve, reject) =>
      execFile('git', ['log', '--oneline', range], { cwd: this.cwd }, (err, out) => (err ? reject(err) : resolve(out))),
    );
  }
}

const app = express();
const repo = new Git('/srv/repo');

app.get('/log', async (req, res) => {
  res.type('text/plain').send(await repo.log(String(req.query.range)));
});
