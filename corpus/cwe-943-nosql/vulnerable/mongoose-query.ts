import express from 'express';
import { User } from './models/user';

const router = express.Router();

router.get('/users', async (req, res) => {
  const filter = { role: req.query.role };
  res.json(await User.find(filter));
});
export default router;
