export function newSessionId(): string {
  let sessionId = '';
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 32; i++) sessionId += alphabet[Math.floor(Math.random() * alphabet.length)];
  return sessionId;
}
