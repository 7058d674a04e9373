import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';

const privateKey = readFileSync(process.env.JWT_KEY_PATH ?? '/run/secrets/jwt.pem');

export const sign = (claims: object) => jwt.sign(claims, privateKey, { algorithm: 'RS256' });
// The algorithm list and the audience are literals, not keys.
export const check = (token: string, publicKey: Buffer) => jwt.verify(token, publicKey, { algorithms: ['RS256'], audience: 'api' });
