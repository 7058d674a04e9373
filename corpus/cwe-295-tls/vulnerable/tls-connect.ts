import tls from 'node:tls';

export function connectLegacy(host: string) {
  return tls.connect({ host, port: 8443, rejectUnauthorized: false });
}
