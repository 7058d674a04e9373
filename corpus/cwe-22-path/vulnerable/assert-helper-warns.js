const express = require('express');
const fs = require('fs');
const path = require('path');

const REPORTS = path.join(__dirname, 'reports');
const app = express();

/** Meant to refuse names that leave the folder; it only warns. */
function checkReportName(name) {
  if (name.includes('..') || name.includes('/')) {
    console.warn(`suspicious report name: ${name}`);
  }
}

app.get('/reports/:name', (req, res) => {
  const { name } = req.params;
  checkReportName(name);
  fs.createReadStream(path.join(REPORTS, name)).pipe(res);
});

app.listen(3000);
