module.exports = {
  passwordMinLength: 12,
  tokenHeader: 'Authorization',
  secretManagerPath: 'projects/acme/secrets/db-password/versions/latest',
};
