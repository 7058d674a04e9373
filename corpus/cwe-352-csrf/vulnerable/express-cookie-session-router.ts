import bodyParser from 'body-parser';
import cookieSession from 'cookie-session';
import express, { Router } from 'express';
import { transfers } from './transfers';

const app = express();
app.use(cookieSession({ name: 'sid', keys: [process.env.COOKIE_KEY as string] }));
app.use(bodyParser.urlencoded({ extended: true }));

const router = Router();
router.post('/transfer', async (req, res) => {
  await transfers.create(req.session!.user, req.body.to, Number(req.body.amount));
  res.redirect('/done');
});
app.use(router);

export default app;
