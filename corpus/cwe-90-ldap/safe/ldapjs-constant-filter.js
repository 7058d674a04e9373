const ldap = require('ldapjs');
const express = require('express');
const app = express();
const client = ldap.createClient({ url: 'ldap://directory.internal' });

app.get('/people', (req, res) => {
  const page = Number(req.query.page) || 0;
  const opts = { filter: '(objectClass=person)', scope: 'sub', paged: { pageSize: 50 } };
  client.search('ou=people,dc=example,dc=com', opts, (err, result) => res.json({ page }));
});
