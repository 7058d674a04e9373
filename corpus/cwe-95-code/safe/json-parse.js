const express = require('express');
const app = express();

app.post('/config', express.text(), (req, res) => {
  const config = JSON.parse(req.body);
  res.json({ keys: Object.keys(config) });
});
