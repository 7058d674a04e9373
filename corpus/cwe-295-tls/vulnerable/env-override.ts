process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

export async function ping(url: string) {
  return fetch(url);
}
