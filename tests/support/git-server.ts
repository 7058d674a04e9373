import { execFileSync, spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A throwaway certificate for 127.0.0.1 (the suite's git server), made with openssl. */
export function makeTlsCertificate(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'git-server.crt');
  const key = path.join(dir, 'git-server.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
  return { cert, key };
}

export interface GitServer {
  /** `https://127.0.0.1:<port>/<name>` for a repository directory under the root. */
  url(name: string): string;
  /** Every request's Authorization header and URL, as served. */
  requests: { url: string; authorization: string | undefined }[];
  /** Holds every request this long before serving it (0: at once): a remote slow enough to cancel a fetch against. */
  setDelay(ms: number): void;
  /** How many requests have been held so far. */
  held(): number;
  close(): Promise<void>;
}

/**
 * git's smart-HTTP protocol over HTTPS on loopback: `git http-backend` (the
 * CGI git ships) behind basic auth. Repositories are the directories under
 * `root` (non-bare checkouts work: http-backend serves their .git).
 */
export async function startGitServer(o: {
  root: string;
  tls: { cert: string; key: string };
  username: string;
  password: string;
}): Promise<GitServer> {
  let delayMs = 0;
  let held = 0;
  const requests: GitServer['requests'] = [];
  const expected = `Basic ${Buffer.from(`${o.username}:${o.password}`).toString('base64')}`;
  const server: Server = createServer({ cert: readFileSync(o.tls.cert), key: readFileSync(o.tls.key) }, (req, res) => {
    if (delayMs > 0) {
      held++;
      setTimeout(() => serve(req, res), delayMs);
    } else serve(req, res);
  });
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    if (res.destroyed) return;
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('authentication required\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'https://git');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: o.root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        GIT_PROTOCOL: (req.headers['git-protocol'] as string | undefined) ?? '',
        REMOTE_USER: o.username,
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const i = line.indexOf(':');
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    cgi.on('close', () => res.end());
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (name) => `https://127.0.0.1:${port}/${name}`,
    requests,
    setDelay: (ms) => void (delayMs = ms),
    held: () => held,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
