import express from 'express';
import { db } from './db';

const router = express.Router();

router.get('/users/:id', async (req, res) => {
  const id = Number.parseInt(req.params.id, 10);
  const rows = await db.query(`SELECT id, email FROM users WHERE id = ${id}`);
  res.json(rows);
});
export default router;
