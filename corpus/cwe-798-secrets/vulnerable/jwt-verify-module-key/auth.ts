import jwt from 'jsonwebtoken';
import type { NextFunction, Request, Response } from 'express';

const KEY = 'shhhhh';

export function requireUser(req: Request, res: Response, next: NextFunction) {
  const header = req.headers.authorization ?? '';
  try {
    res.locals.user = jwt.verify(header.replace(/^Bearer /, ''), KEY);
    next();
  } catch {
    res.status(401).json({ error: 'unauthorized' });
  }
}
