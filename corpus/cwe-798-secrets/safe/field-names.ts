export const fields = {
  passwordField: 'input[name=password]',
  tokenStorageKey: 'app.session.token',
  secretLabel: 'Client secret',
};
