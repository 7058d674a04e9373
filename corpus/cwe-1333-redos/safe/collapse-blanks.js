const express = require('express');
const app = express();

const VERSION = 'v2.1   ';

app.post('/notes', express.urlencoded({ extended: false }), (req, res) => {
  // A run of blanks replaced wherever it is: the match never fails after it, linear.
  const text = String(req.body.text || '').replace(/[ \t]+/g, ' ');
  // A super-linear pattern on a constant of the module, not on the request.
  res.json({ text, version: VERSION.replace(/\s+$/, '') });
});
