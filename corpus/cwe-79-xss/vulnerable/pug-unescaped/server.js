const express = require('express');

const app = express();
app.set('view engine', 'pug');

app.get('/welcome', (req, res) => {
  const name = req.query.name || 'guest';
  res.render('welcome', { name, title: 'Welcome' });
});

app.listen(3000);
