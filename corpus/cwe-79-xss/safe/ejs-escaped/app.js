const express = require('express');
const path = require('path');

const app = express();
app.set('views', path.join(__dirname, 'views'));
app.set('view engine', 'ejs');

app.get('/search', (req, res) => {
  res.render('results', { query: req.query.q, results: [] });
});

module.exports = app;
