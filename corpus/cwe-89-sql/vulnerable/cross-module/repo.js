const { pool } = require('./pool');

async function findProducts(category) {
  const sql = 'SELECT * FROM products WHERE category = \'' + category + '\' ORDER BY name';
  const result = await pool.query(sql);
  return result.rows;
}
module.exports = { findProducts };
