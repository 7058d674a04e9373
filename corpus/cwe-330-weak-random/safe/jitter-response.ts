import type { Request, Response } from 'express';

export function retryLater(_req: Request, res: Response) {
  const backoff = Math.round(1000 + Math.random() * 500);
  res.set('Retry-After', String(Math.ceil(backoff / 1000)));
  res.status(429).json({ retryAfterMs: backoff });
}
