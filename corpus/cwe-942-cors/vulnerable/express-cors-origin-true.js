const express = require('express');
const cors = require('cors');

const app = express();
// Reflects whatever Origin the browser sends, and lets it send the user's cookies.
app.use(cors({ origin: true, credentials: true }));
app.get('/api/me', (req, res) => res.json(req.user));

module.exports = app;
