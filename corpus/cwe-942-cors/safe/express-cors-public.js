const express = require('express');
const cors = require('cors');

// A public, read-only API: any origin, no cookies.
const app = express();
app.use(cors({ origin: true }));
app.use((req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  next();
});

module.exports = app;
