const express = require('express');
const app = express();

app.get('/profile', (req, res) => {
  const profile = JSON.parse(Buffer.from(req.cookies.profile || 'e30=', 'base64').toString());
  res.json({ name: profile.name });
});
