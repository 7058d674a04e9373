import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'config.debug',
  title: 'Debug mode on in deployed code',
  severity: 'medium',
  cwe: 'CWE-489',
  relatedCwes: ['CWE-215', 'CWE-94'],
  explanation:
    'Debug mode shows visitors stack traces, settings and source code; Flask\'s Werkzeug debugger goes further and runs any Python typed into its error page.',
  recommendation:
    'Turn debug on only from the environment of a developer\'s machine (FLASK_DEBUG, DJANGO_DEBUG, NODE_ENV=development) or a dev settings module, never in the code that is deployed.',
};

// Express's errorhandler(); debug=True, DEBUG = True.
export const words: RuleWords = { js: /errorhandler/i, python: /debug/i };
