import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'xml.external-entities',
  title: 'XML parser resolves external entities (XXE)',
  severity: 'high',
  cwe: 'CWE-611',
  relatedCwes: ['CWE-776'],
  explanation: 'With entity resolution on, a document can declare <!ENTITY x SYSTEM "file:///etc/passwd"> and have the parser read local files or make requests from the server.',
  recommendation: 'Parse untrusted XML with entity resolution off (libxmljs noent: false; lxml XMLParser(resolve_entities=False, no_network=True)) or with defusedxml in Python.',
};

// libxmljs (noent); lxml resolve_entities, SAX external_ges / external_pes.
export const words: RuleWords = { js: /libxmljs/i, python: /resolve_entities|external_[gp]es/i };
