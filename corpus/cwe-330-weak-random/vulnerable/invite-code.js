function inviteCode() {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let code = '';
  while (code.length < 8) code += chars[Math.floor(Math.random() * chars.length)];
  return code;
}
module.exports = { inviteCode };
