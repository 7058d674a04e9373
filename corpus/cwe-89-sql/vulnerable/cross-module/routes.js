const express = require('express');
const { findProducts } = require('./repo');
const router = express.Router();

router.get('/products', async (req, res) => {
  res.json(await findProducts(req.query.category));
});
module.exports = router;
