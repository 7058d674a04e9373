import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'deserialization',
  title: 'Deserialization of untrusted data',
  severity: 'critical',
  cwe: 'CWE-502',
  relatedCwes: [],
  explanation: 'pickle, unsafe YAML loaders and node-serialize rebuild arbitrary objects, and building them runs code: untrusted bytes here are remote code execution.',
  recommendation: 'Accept data formats, not object graphs: JSON (json.loads, JSON.parse), yaml.safe_load / SafeLoader, or a schema-validated format. If a binary format is needed, sign it (HMAC) and verify before loading.',
};
