import Handlebars from 'handlebars';
import express from 'express';

const app = express();
const greet = Handlebars.compile('<p>{{greeting}}, {{name}}</p>');

app.get('/greeting', (req, res) => {
  res.send(greet({ greeting: req.query.greeting, name: 'friend' }));
});
