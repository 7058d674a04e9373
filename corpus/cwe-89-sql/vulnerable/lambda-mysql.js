const mysql = require('mysql2/promise');

const pool = mysql.createPool({ host: process.env.DB_HOST, user: 'app', database: 'orders' });

exports.handler = async (event) => {
  const customer = event.queryStringParameters.customer;
  const [rows] = await pool.query(`SELECT * FROM orders WHERE customer = '${customer}'`);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
