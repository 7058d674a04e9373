import { Pool } from 'pg';

export class OrdersService {
  constructor(private readonly db: Pool) {}

  list(status: string) {
    return this.db.query('SELECT * FROM orders WHERE status = ' + "'" + status + "'" + ' ORDER BY created_at DESC');
  }
}

export const ordersService = new OrdersService(new Pool());
