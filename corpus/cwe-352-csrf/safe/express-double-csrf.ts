import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express from 'express';
import session from 'express-session';

const { doubleCsrfProtection } = doubleCsrf({ getSecret: () => process.env.CSRF_SECRET as string });

const app = express();
app.use(cookieParser());
app.use(session({ secret: process.env.SESSION_SECRET as string, resave: false, saveUninitialized: false }));
app.use(express.urlencoded({ extended: false }));
app.use(doubleCsrfProtection);

app.post('/transfer', (req, res) => {
  transfers.create(req.session.user, req.body.to, Number(req.body.amount));
  res.redirect('/done');
});

export default app;
