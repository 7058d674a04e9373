const express = require('express');
const db = require('./db');
const app = express();
const SORTABLE = { name: 'name', created: 'created_at' };

app.get('/items', async (req, res) => {
  const column = SORTABLE[req.query.sort] ? SORTABLE[req.query.sort] : 'name';
  const sql = 'SELECT * FROM items ORDER BY ' + (req.query.sort === 'created' ? 'created_at' : 'name');
  res.json(await db.query(sql, []));
});
