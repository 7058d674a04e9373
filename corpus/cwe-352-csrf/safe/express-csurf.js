const express = require('express');
const session = require('express-session');
const csrf = require('csurf');

const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
app.use(csrf());

app.get('/account', (req, res) => res.render('account', { csrfToken: req.csrfToken() }));
app.post('/account/email', (req, res) => {
  users.updateEmail(req.session.userId, req.body.email);
  res.redirect('/account');
});

module.exports = app;
