const express = require('express');
const cors = require('cors');

const ALLOWED = ['https://app.example.com', 'https://admin.example.com'];
const app = express();
app.use(cors({ origin: ALLOWED, credentials: true }));
app.use('/public', cors());

module.exports = app;
