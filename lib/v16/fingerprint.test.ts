import { describe, expect, it } from 'vitest';
import { auditSource } from './audit/audit-source';
import { fingerprint, fingerprintAll } from './fingerprint';

const handler = `const { exec } = require('child_process');
app.get('/ping', (req, res) => {
  exec('ping ' + req.query.host);
});
`;

async function fingerprints(path: string, code: string): Promise<string[]> {
  return (await auditSource(path, code)).findings.map((f) => f.fingerprint);
}

describe('finding fingerprints', () => {
  it('survive lines inserted above and re-indentation', async () => {
    const [before] = await fingerprints('src/a.js', handler);
    const moved = `// a new header comment\n\nconst unrelated = 1;\n${handler.replace("  exec('ping '", "      exec( 'ping '")}`;
    const [after] = await fingerprints('src/a.js', moved);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(after).toBe(before);
  });

  it('differ by rule, by path and by code', () => {
    const base = { ruleId: 'injection.sql', path: 'src/a.js', context: 'db.query(sql)' };
    expect(fingerprint(base)).not.toBe(fingerprint({ ...base, ruleId: 'injection.command' }));
    expect(fingerprint(base)).not.toBe(fingerprint({ ...base, path: 'src/b.js' }));
    expect(fingerprint(base)).not.toBe(fingerprint({ ...base, context: 'db.query(other)' }));
    expect(fingerprint(base)).toBe(fingerprint({ ...base, context: ' db.query(sql)\n' }));
  });

  it('tell identical sinks in one file apart', async () => {
    const twice = `const { exec } = require('child_process');
app.get('/a', (req, res) => { exec('ping ' + req.query.host); });
app.get('/b', (req, res) => { exec('ping ' + req.query.host); });
`;
    const [first, second] = await fingerprints('src/a.js', twice);
    expect(first).not.toBe(second);
    const input = { ruleId: 'r', path: 'p', context: 'c' };
    expect(fingerprintAll([input, input])).toEqual([fingerprint(input, 0), fingerprint(input, 1)]);
  });

  it('change when a hard-coded secret is rotated, without containing it', async () => {
    const [a] = await fingerprints('config.js', "const dbPassword = 'Zx9kq2LmW7pR4tBv';\n");
    const [b] = await fingerprints('config.js', "const dbPassword = 'Qw3rT7yU1iO5pA9s';\n");
    expect(a).not.toBe(b);
  });
});

describe('code context normalization', () => {
  it('ignores how a formatter wraps a call', () => {
    const oneLine = { ruleId: 'injection.sql', path: 'a.js', context: "db.query('SELECT ' + id)" };
    const wrapped = { ...oneLine, context: "db.query(\n  'SELECT ' +\n    id,\n)" };
    expect(fingerprint(wrapped)).toBe(fingerprint(oneLine));
  });
});
