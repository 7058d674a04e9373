const express = require('express');
const { marked } = require('marked');
const fs = require('fs');

const app = express();
app.set('view engine', 'ejs');
const TERMS = marked.parse(fs.readFileSync(`${__dirname}/terms.md`, 'utf8'));

app.get('/terms', (req, res) => {
  res.render('terms', { termsHtml: TERMS, lang: req.query.lang });
});

module.exports = app;
