const vm = require('vm');
const express = require('express');
const app = express();

app.post('/script', (req, res) => {
  const code = req.body.code;
  res.json({ out: vm.runInNewContext(code, { Math }) });
});
