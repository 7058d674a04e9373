const express = require('express');
const session = require('express-session');

const app = express();
app.use(express.urlencoded({ extended: false }));
// The browser never sends this cookie with a request another site starts.
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false, cookie: { sameSite: 'strict', secure: true, httpOnly: true } }));

app.post('/account/email', (req, res) => {
  users.updateEmail(req.session.userId, req.body.email);
  res.redirect('/account');
});

module.exports = app;
