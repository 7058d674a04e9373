const mysql = require('mysql2/promise');

module.exports = mysql.createPool({
  host: process.env.DB_HOST,
  user: 'shop',
  password: process.env.DB_PASSWORD,
  database: 'shop',
});
