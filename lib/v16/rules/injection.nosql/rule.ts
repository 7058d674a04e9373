import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'injection.nosql',
  title: 'NoSQL injection',
  severity: 'high',
  cwe: 'CWE-943',
  relatedCwes: [],
  explanation: 'Parsed request bodies and query strings can hold objects, so a value like {"$ne": null} becomes a query operator (login bypass, data disclosure); text spliced into $where runs as JavaScript in the database.',
  recommendation: 'Cast values to the expected type (String(x), str(x)) or use $eq, strip operator keys (mongo-sanitize, express-mongo-sanitize), validate with a schema, and never build $where from input.',
};
