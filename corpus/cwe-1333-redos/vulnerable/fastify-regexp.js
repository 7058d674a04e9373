const fastify = require('fastify')();

fastify.get('/search', async (request) => {
  const matcher = new RegExp('^' + request.query.prefix);
  return PRODUCTS.filter((p) => matcher.test(p.name));
});
