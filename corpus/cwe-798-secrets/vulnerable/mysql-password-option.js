const mysql = require('mysql2/promise');

const pool = mysql.createPool({
  host: 'db',
  user: 'shop',
  password: 'shop123',
  database: 'shop',
});

module.exports = pool;
