const express = require('express');
const { engine } = require('express-handlebars');

const app = express();
app.engine('hbs', engine({ extname: '.hbs' }));
app.set('view engine', 'hbs');
app.use(express.urlencoded({ extended: false }));

app.post('/comments/preview', (req, res) => {
  res.render('preview', { comment: req.body.comment });
});

module.exports = app;
