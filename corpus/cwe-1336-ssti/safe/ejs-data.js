const ejs = require('ejs');
const express = require('express');
const app = express();
const PAGE = '<h1>Hello <%= user %></h1>';

app.get('/hello', (req, res) => {
  res.send(ejs.render(PAGE, { user: req.query.user }));
});
