const ejs = require('ejs');
const express = require('express');
const app = express();
app.use(express.json());

app.post('/preview', (req, res) => {
  res.send(ejs.render(req.body.template, { user: 'guest' }));
});
