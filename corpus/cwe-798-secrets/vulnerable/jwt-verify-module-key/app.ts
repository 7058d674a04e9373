import express from 'express';
import { requireUser } from './auth';

const app = express();
app.get('/me', requireUser, (_req, res) => res.json(res.locals.user));
app.listen(8080);
