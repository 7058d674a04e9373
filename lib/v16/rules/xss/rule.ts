import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'xss',
  title: 'Cross-site scripting (reflected)',
  severity: 'high',
  cwe: 'CWE-79',
  relatedCwes: ['CWE-80'],
  explanation: 'The value is written into an HTML response without escaping, so an attacker’s link can run script in the victim’s session (steal tokens, act as the user).',
  recommendation: 'Render through an auto-escaping template (render_template, React, EJS <%= %>) or escape explicitly (escape-html, markupsafe.escape, html.escape); return JSON with res.json / jsonify for data.',
};
