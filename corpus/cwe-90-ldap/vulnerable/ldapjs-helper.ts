import ldap from 'ldapjs';
import express from 'express';

const app = express();
const client = ldap.createClient({ url: 'ldaps://directory.internal' });

function memberFilter(group: string) {
  return '(&(objectClass=user)(memberOf=cn=' + group + ',ou=groups,dc=corp))';
}

app.get('/members', (req, res) => {
  client.search('dc=corp', { filter: memberFilter(String(req.query.group)), scope: 'sub' }, () => res.end());
});
