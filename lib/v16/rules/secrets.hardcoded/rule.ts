import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'secrets.hardcoded',
  title: 'Hard-coded secret',
  severity: 'high',
  cwe: 'CWE-798',
  relatedCwes: ['CWE-259', 'CWE-321'],
  explanation:
    'Anyone who can read the repository, a build artifact or a leaked copy of either can use this credential; ' +
    'rotating it requires a code change, so it tends to live for years.',
  recommendation:
    'Revoke and rotate the credential now, then load it at runtime from the environment or a secret manager ' +
    '(process.env / os.environ, AWS Secrets Manager, Vault). Removing it from the code does not remove it from git history.',
};
