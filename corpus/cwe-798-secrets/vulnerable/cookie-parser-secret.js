const express = require('express');
const cookieParser = require('cookie-parser');

const app = express();
app.use(cookieParser('cookie_s3cret'));

app.get('/prefs', (req, res) => {
  res.json({ theme: req.signedCookies.theme || 'light' });
});

module.exports = app;
