import type { Request, Response } from 'express';
import { Pool } from 'pg';

const pool = new Pool();

export class OrderController {
  private page(offset: number) {
    return pool.query('SELECT * FROM orders ORDER BY id LIMIT 50 OFFSET ' + offset);
  }

  async list(req: Request, res: Response) {
    const result = await this.page(Number.parseInt(String(req.query.offset ?? '0'), 10));
    res.json(result.rows);
  }
}
