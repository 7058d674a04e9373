const express = require('express');
const app = express();
const VERSION = /^v(\d+)\.(\d+)/;

app.get('/version', (req, res) => {
  const match = VERSION.exec(req.query.tag);
  res.json({ major: match ? match[1] : null });
});
