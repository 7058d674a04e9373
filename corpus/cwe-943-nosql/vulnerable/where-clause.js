const express = require('express');
const app = express();

app.get('/search', async (req, res) => {
  const orders = req.app.locals.db.collection('orders');
  const docs = await orders.find({ $where: "this.customer == '" + req.query.customer + "'" }).toArray();
  res.json(docs);
});
