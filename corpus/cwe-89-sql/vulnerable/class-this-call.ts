import type { Request, Response } from 'express';
import { Pool } from 'pg';

const pool = new Pool();

export class UserController {
  private findByName(name: string) {
    return pool.query(`SELECT id, email FROM users WHERE name = '${name}'`);
  }

  async search(req: Request, res: Response) {
    const result = await this.findByName(String(req.query.name));
    res.json(result.rows);
  }
}
