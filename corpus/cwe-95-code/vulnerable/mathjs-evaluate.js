const express = require('express');
const { evaluate } = require('mathjs');

const router = express.Router();

// A calculator widget: the expression is the user's.
router.post('/calculate', (req, res) => {
  const result = evaluate(req.body.expression);
  res.json({ result: String(result) });
});

module.exports = router;
