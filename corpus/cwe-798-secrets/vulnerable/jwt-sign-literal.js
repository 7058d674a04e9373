const express = require('express');
const jwt = require('jsonwebtoken');

const router = express.Router();

router.post('/login', async (req, res) => {
  const user = await req.app.locals.users.check(req.body.email, req.body.password);
  if (!user) return res.status(401).end();
  // The signing key is the literal: anyone who reads the code can mint tokens.
  const token = jwt.sign({ sub: user.id, role: user.role }, 'some-secret', { expiresIn: '2h' });
  res.json({ token });
});

module.exports = router;
