const express = require('express');
const { VM } = require('vm2');

const app = express();
const script = 'items.filter((i) => i.price > limit).length';

app.get('/count', (req, res) => {
  const vm = new VM({ sandbox: { items: req.app.locals.items, limit: Number(req.query.limit) } });
  res.json({ count: vm.run(script) });
});

module.exports = app;
