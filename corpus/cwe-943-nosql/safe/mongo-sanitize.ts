import express from 'express';
import mongoSanitize from 'mongo-sanitize';
import { User } from './models/user';

const router = express.Router();

router.get('/users', async (req, res) => {
  const role = mongoSanitize(req.query.role);
  res.json(await User.find({ role }));
});
export default router;
