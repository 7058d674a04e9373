import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'injection.command',
  title: 'OS command injection',
  severity: 'critical',
  cwe: 'CWE-78',
  relatedCwes: ['CWE-77'],
  explanation:
    'The value becomes part of a command line interpreted by a shell, so characters like ; | $( ) let an attacker ' +
    'run any command with the server’s privileges.',
  recommendation:
    'Do not go through a shell: run the program with an argument array (execFile / spawn without shell: true, ' +
    'subprocess.run([...]) without shell=True) and validate the value against an allow-list. If a shell is ' +
    'unavoidable, quote with shlex.quote.',
};
