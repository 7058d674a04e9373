const express = require('express');
const session = require('express-session');

const app = express();
app.use(express.urlencoded({ extended: false }));
// The session rides in a cookie the browser sends with any site's form post.
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.post('/account/email', (req, res) => {
  if (!req.session.userId) return res.status(401).end();
  users.updateEmail(req.session.userId, req.body.email);
  res.redirect('/account');
});

module.exports = app;
