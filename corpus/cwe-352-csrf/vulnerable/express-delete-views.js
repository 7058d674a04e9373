import express from 'express';
import session from 'express-session';
import { renderProfile, saveProfile } from './profile.js';

export const app = express();
app.set('view engine', 'ejs');
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: true, cookie: { secure: true } }));
app.use(express.urlencoded({ extended: true }));

app.get('/profile', (req, res) => res.render('profile', renderProfile(req.session.user)));
app.delete('/profile/avatar', (req, res) => {
  saveProfile(req.session.user, { avatar: null });
  res.sendStatus(204);
});
