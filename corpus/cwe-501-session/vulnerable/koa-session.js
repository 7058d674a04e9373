const Koa = require('koa');
const session = require('koa-session');
const app = new Koa();
app.use(session(app));

app.use(async (ctx) => {
  if (ctx.query.lang) ctx.session.isAdmin = ctx.query.admin;
  ctx.body = 'ok';
});
