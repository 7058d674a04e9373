const express = require('express');
const { MongoClient } = require('mongodb');
const app = express();
app.use(express.json());
const users = new MongoClient(process.env.MONGO_URL).db('app').collection('users');

app.post('/login', async (req, res) => {
  const user = await users.findOne({ username: String(req.body.username), password: String(req.body.password) });
  res.json({ ok: Boolean(user) });
});
