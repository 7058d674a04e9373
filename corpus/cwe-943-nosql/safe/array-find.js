const express = require('express');
const app = express();
const USERS = [{ name: 'ada' }, { name: 'linus' }];

app.get('/user', (req, res) => {
  const user = USERS.find((u) => u.name === req.query.name);
  res.json(user || null);
});
