const Router = require('@koa/router');
const knex = require('./knex');
const router = new Router();

router.get('/invoices', async (ctx) => {
  const year = ctx.query.year;
  ctx.body = await knex.raw('SELECT * FROM invoices WHERE year = ' + year);
});
module.exports = router;
