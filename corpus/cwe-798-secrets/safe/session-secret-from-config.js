const express = require('express');
const session = require('express-session');
const config = require('./config');

const app = express();
app.use(session({ secret: config.sessionSecret, resave: false, saveUninitialized: false }));
app.use(session({ secret: process.env.SESSION_SECRET.split(','), name: 'sid' }));

module.exports = app;
