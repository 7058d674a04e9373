import { PrismaClient } from '@prisma/client';
import type { Request, Response } from 'express';

const prisma = new PrismaClient();

export async function listOrders(req: Request, res: Response) {
  const orders = await prisma.order.findMany({ where: { customerId: String(req.params.id), status: req.query.status as string } });
  res.json(orders);
}
