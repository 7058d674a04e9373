const express = require('express');
const { User } = require('../models');

const router = express.Router();

router.post('/login', async (req, res) => {
  const user = await User.findOne({ where: { email: req.body.email } });
  if (!user || !(await user.checkPassword(req.body.password))) return res.status(401).end();
  res.json({ id: user.id });
});

module.exports = router;
