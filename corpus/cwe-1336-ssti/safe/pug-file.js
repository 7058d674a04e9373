const pug = require('pug');
const express = require('express');
const app = express();
const page = pug.compileFile('views/profile.pug');

app.get('/profile', (req, res) => {
  res.send(page({ bio: req.query.bio }));
});
