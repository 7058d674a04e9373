import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'injection.xpath',
  title: 'XPath injection',
  severity: 'high',
  cwe: 'CWE-643',
  relatedCwes: [],
  explanation: "A quote in the value closes the XPath string literal, so an attacker can add predicates (' or '1'='1) and read any node of the document.",
  recommendation: 'Keep the XPath expression constant and pass values as XPath variables (lxml: tree.xpath("//u[name=$n]", n=value); xpath: variables option), or validate against an allow-list.',
};
