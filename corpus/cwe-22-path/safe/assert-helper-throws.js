const express = require('express');
const fs = require('fs');
const path = require('path');

const REPORTS = path.join(__dirname, 'reports');
const app = express();

/** Refuses names that would leave the folder: throws, so the caller goes no further. */
function assertReportName(name) {
  if (name.includes('..') || name.includes('/') || name.includes('\\')) {
    throw new Error(`bad report name: ${name}`);
  }
}

app.get('/reports/:name', (req, res) => {
  const { name } = req.params;
  try {
    assertReportName(name);
  } catch {
    return res.status(400).send('bad name');
  }
  fs.createReadStream(path.join(REPORTS, name)).pipe(res);
});

app.listen(3000);
