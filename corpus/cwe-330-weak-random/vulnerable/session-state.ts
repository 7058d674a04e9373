import type { Request, Response } from 'express';

export function beginOauth(req: Request, res: Response) {
  const r = Math.floor(Math.random() * 1e12);
  const state = String(r);
  req.session.oauthState = state;
  res.redirect(`https://idp.example.test/authorize?state=${state}`);
}
