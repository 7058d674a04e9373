import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** A validator for the OASIS SARIF 2.1.0 schema vendored in tests/fixtures. */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.resolve('tests/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (log: unknown) => {
    const ok = validate(log);
    return { ok, errors: ok ? '' : ajv.errorsText(validate.errors, { separator: '\n' }) };
  };
}
