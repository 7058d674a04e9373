import express from 'express';
const app = express();

app.get('/welcome', (req, res) => {
  res.setHeader('Content-Type', 'text/html');
  res.write('<div class="greeting">Welcome back, ' + req.cookies.displayName + '</div>');
  res.end();
});
