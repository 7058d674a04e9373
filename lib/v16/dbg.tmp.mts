import { auditSource } from './audit/audit-source';
import { readFileSync } from 'node:fs';
for (const f of process.argv.slice(2)) {
  const r = await auditSource(f.replace(/^.*corpus\//, ''), readFileSync(f, 'utf8'), (p) => { try { return readFileSync(f.replace(/[^/]+$/, '') + p.split('/').pop(), 'utf8'); } catch { return undefined; } });
  for (const x of r.findings) console.log(f.split('/').slice(-3).join('/'), x.ruleId, x.startLine, x.confidence, x.trace.map((t) => `${t.line}:${t.note}`).join(' | '));
}
