const fastify = require('fastify')();
const { spawn } = require('child_process');

fastify.get('/log', async (request, reply) => {
  const lines = String(Number(request.query.lines) || 10);
  const tail = spawn('tail', ['-n', lines, '/var/log/app.log']);
  return reply.send(tail.stdout);
});
