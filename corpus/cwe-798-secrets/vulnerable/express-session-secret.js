const express = require('express');
const session = require('express-session');

const app = express();
app.use(
  session({
    secret: 'keyboard cat',
    resave: false,
    saveUninitialized: true,
    cookie: { secure: true, httpOnly: true },
  }),
);

app.get('/', (req, res) => res.send(`views: ${(req.session.views = (req.session.views || 0) + 1)}`));
app.listen(3000);
