// The schema name is deployment configuration, set by whoever runs the service.
const express = require('express');
const { Pool } = require('pg');

const pool = new Pool();
const app = express();

app.get('/health', async (req, res) => {
  await pool.query('SET search_path TO ' + process.env.DB_SCHEMA);
  const { rows } = await pool.query('SELECT 1 AS ok');
  res.json(rows[0]);
});
