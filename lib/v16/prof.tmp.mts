import { planSnapshot } from '/work/wt-engine/lib/v16/plan';
import { auditSource } from '/work/wt-engine/lib/v16/audit/audit-source';
import { readFileSync } from 'node:fs';
const root = '/work/wt-engine/node_modules/drizzle-orm';
const plan = await planSnapshot(root, { description: '', trustBoundaries: [], weaknessClasses: [], version: 1 });
const files = plan.components.flatMap((c) => c.files);
const texts = files.map((f) => readFileSync(root + '/' + f, 'utf8'));
for (let k = 0; k < 3; k++) { const c = process.cpuUsage(); const t = Date.now(); for (const [i, x] of texts.entries()) await auditSource(files[i], x); const u = process.cpuUsage(c); console.log('audit wall', Date.now() - t, 'cpu', (u.user + u.system) / 1000); }
