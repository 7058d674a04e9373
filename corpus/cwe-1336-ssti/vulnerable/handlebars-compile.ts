import Handlebars from 'handlebars';
import express from 'express';

const app = express();

app.get('/greeting', (req, res) => {
  const template = Handlebars.compile(`<p>${req.query.greeting}, {{name}}</p>`);
  res.send(template({ name: 'friend' }));
});
