// `vega verify <file> [--public-key FILE]`: verifies a downloaded evidence
// envelope offline (no server, no database). Exit 0 valid, 1 invalid (the
// first broken link named), 2 usage.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { verifyEnvelope } from '../lib/evidence/verify';

export class VerifyUsageError extends Error {}

export async function verifyMain(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'public-key': { type: 'string' } } });
  if (positionals.length !== 1) throw new VerifyUsageError('usage: vega verify <envelope.json> [--public-key FILE]');
  let envelope: unknown;
  try {
    envelope = JSON.parse(await readFile(positionals[0], 'utf8'));
  } catch (err) {
    console.error(`INVALID: cannot read ${positionals[0]} as JSON (${err instanceof Error ? err.message : String(err)})`);
    return 1;
  }
  const publicKey = values['public-key'] ? await readFile(values['public-key'], 'utf8') : undefined;
  const result = verifyEnvelope(envelope, { publicKey });
  if (!result.valid) {
    console.error(`INVALID: ${result.error}`);
    return 1;
  }
  console.log(`VALID: ${result.entries} records chained, head ${result.head}${result.signed ? ', Ed25519 signature verified' : ', not signed'}`);
  return 0;
}
