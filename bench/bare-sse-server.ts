// The baseline: a bare node:http SSE fan-out. GET /sse subscribes; POST /emit
// writes the request body as one SSE message to every subscriber; GET /memory
// reports memory after a GC (run with --expose-gc).
import http from 'node:http';

const clients = new Set<http.ServerResponse>();
const server = http.createServer((req, res) => {
  if (req.url === '/sse') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(': connected\n\n');
    clients.add(res);
    req.on('close', () => clients.delete(res));
    return;
  }
  if (req.url === '/emit' && req.method === 'POST') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const msg = `data: ${body}\n\n`;
      for (const c of clients) c.write(msg);
      res.end('ok');
    });
    return;
  }
  if (req.url === '/memory') {
    (globalThis as { gc?: () => void }).gc?.();
    res.end(JSON.stringify(process.memoryUsage()));
    return;
  }
  res.writeHead(404).end();
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.send?.({ port: (server.address() as { port: number }).port });
});
