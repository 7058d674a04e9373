import express from 'express';
import { db } from './db';

const router = express.Router();

function byNameQuery(name: string): string {
  return "SELECT id, email FROM users WHERE name = '" + name + "'";
}

router.get('/users', async (req, res) => {
  const sql = byNameQuery(String(req.query.name));
  res.json(await db.query(sql));
});
export default router;
