const express = require('express');
const nunjucks = require('nunjucks');

const app = express();
nunjucks.configure('views', { autoescape: true, express: app });

app.get('/profile', (req, res) => {
  res.render('profile.njk', { bio: req.query.bio });
});

module.exports = app;
