import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'injection.template',
  title: 'Server-side template injection',
  severity: 'critical',
  cwe: 'CWE-1336',
  relatedCwes: ['CWE-94'],
  explanation: 'The value becomes template source, and template languages can reach the runtime: an attacker can read configuration and secrets or run code on the server ({{ config }}, {{ self.__init__.__globals__ }}).',
  recommendation: 'Never compile templates from request input: keep template text constant (files or literals) and pass input as context variables (render_template_string(TEMPLATE, name=name), ejs.render(TEMPLATE, { name })).',
};
