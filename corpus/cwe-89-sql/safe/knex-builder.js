const Router = require('@koa/router');
const knex = require('./knex');
const router = new Router();

router.get('/invoices', async (ctx) => {
  ctx.body = await knex('invoices').where({ year: ctx.query.year }).select('*');
});
module.exports = router;
