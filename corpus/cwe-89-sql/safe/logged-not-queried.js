const express = require('express');
const db = require('./db');
const app = express();

app.get('/lookup', async (req, res) => {
  const email = req.query.email;
  console.log(`SELECT * FROM users WHERE email = '${email}'`);
  const user = await db.query('SELECT * FROM users WHERE email = $1', [email]);
  res.json(user);
});
