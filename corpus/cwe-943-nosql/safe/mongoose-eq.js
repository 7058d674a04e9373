const express = require('express');
const User = require('./models/user');
const app = express();
app.use(express.json());

app.post('/lookup', async (req, res) => {
  const user = await User.findOne({ email: { $eq: String(req.body.email) } });
  res.json({ found: Boolean(user) });
});
