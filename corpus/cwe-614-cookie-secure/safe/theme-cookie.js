const express = require('express');
const app = express();

app.post('/theme', (req, res) => {
  res.cookie('theme', req.body.theme === 'dark' ? 'dark' : 'light', { sameSite: 'lax' });
  res.end();
});
