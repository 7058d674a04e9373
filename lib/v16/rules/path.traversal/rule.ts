import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'path.traversal',
  title: 'Path traversal',
  severity: 'high',
  cwe: 'CWE-22',
  relatedCwes: ['CWE-23', 'CWE-73'],
  explanation:
    'A value like ../../etc/passwd or an absolute path escapes the intended directory, letting an attacker read ' +
    'or overwrite any file the server can access.',
  recommendation:
    'Reduce the input to a file name (path.basename / os.path.basename, werkzeug secure_filename) or resolve it ' +
    'against the base directory and reject results outside it (resolved.startsWith(base + path.sep)). ' +
    'Express: res.sendFile(name, { root }). Flask: send_from_directory.',
};
