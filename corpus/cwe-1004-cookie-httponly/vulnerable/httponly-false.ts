import express from 'express';
const app = express();

app.post('/token', (req, res) => {
  res.cookie('access_token', mintToken(), { secure: true, httpOnly: false, sameSite: 'strict' });
  res.end();
});
