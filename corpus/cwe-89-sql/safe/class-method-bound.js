const express = require('express');
const { Pool } = require('pg');

class ProductRepo {
  constructor(db) {
    this.db = db;
  }

  byCategory(category) {
    return this.db.query('SELECT * FROM products WHERE category = $1', [category]);
  }
}

const app = express();
const products = new ProductRepo(new Pool());

app.get('/products', async (req, res) => {
  const { rows } = await products.byCategory(req.query.category);
  res.json(rows);
});
