import type { RuleInfo } from '../types';

export const rule: RuleInfo = {
  id: 'injection.sql',
  title: 'SQL injection',
  severity: 'high',
  cwe: 'CWE-89',
  relatedCwes: [],
  explanation:
    'Because the value is spliced into the SQL text, an attacker can change what the statement does: ' +
    'read other users’ rows, bypass login checks, or modify and delete data.',
  recommendation:
    'Keep the SQL text constant and pass values as bound parameters: db.query("… WHERE id = $1", [id]), ' +
    'cursor.execute("… WHERE id = %s", (id,)), or a query builder / ORM method. Identifiers (column, table names) ' +
    'must come from an allow-list.',
};
