const { execFile } = require('child_process');
const express = require('express');
const app = express();

app.post('/ping', (req, res) => {
  execFile('ping', ['-c', '1', req.body.host], (err, stdout) => res.send(stdout));
});
