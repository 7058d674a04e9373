const Router = require('@koa/router');
const router = new Router();

router.get('/sso/callback', async (ctx) => {
  await completeLogin(ctx);
  ctx.redirect(ctx.query.returnTo);
});
module.exports = router;
