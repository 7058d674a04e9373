const express = require('express');
const errorhandler = require('errorhandler');

const app = express();
app.get('/', (req, res) => res.send('ok'));
// Sends every error's stack trace and source to the browser.
app.use(errorhandler());

module.exports = app;
