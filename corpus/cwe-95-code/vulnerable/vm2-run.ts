import express from 'express';
import { VM } from 'vm2';

const app = express();
app.use(express.json());

app.post('/rules/test', (req, res) => {
  const sandbox = new VM({ timeout: 100, sandbox: { order: req.body.order } });
  res.json({ matched: sandbox.run(req.body.rule) });
});

export default app;
