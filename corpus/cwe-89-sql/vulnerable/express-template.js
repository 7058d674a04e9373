const express = require('express');
const { Pool } = require('pg');
const pool = new Pool();
const app = express();

app.get('/orders', async (req, res) => {
  const status = req.query.status;
  const { rows } = await pool.query(`SELECT * FROM orders WHERE status = '${status}'`);
  res.json(rows);
});
