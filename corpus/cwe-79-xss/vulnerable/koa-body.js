const Koa = require('koa');
const app = new Koa();

app.use(async (ctx) => {
  const name = ctx.query.name || 'stranger';
  ctx.type = 'html';
  ctx.res.end('<p>Hi ' + name + '</p>');
});
