import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

async function rulesIn(path: string, code: string): Promise<string[]> {
  return (await auditSource(path, code)).findings.map((f) => `${f.ruleId}@${f.startLine}`);
}

describe('debug mode on in deployed code (config.debug)', () => {
  it('Flask: run(debug=True), app.debug, config["DEBUG"]; not from the environment', async () => {
    const code = `import os
from flask import Flask
app = Flask(__name__)
app.debug = True
app.config["DEBUG"] = True
app.config["DEBUG"] = False
app.run(debug=True)
app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
`;
    expect(await rulesIn('app.py', code)).toEqual(['config.debug@4', 'config.debug@5', 'config.debug@7']);
  });

  it("Django: DEBUG = True at the top of a deployed settings module only; FastAPI and Starlette debug=True", async () => {
    expect(await rulesIn('mysite/settings.py', 'DEBUG = True\n')).toEqual(['config.debug@1']);
    expect(await rulesIn('mysite/settings/production.py', 'DEBUG = True\n')).toEqual(['config.debug@1']);
    for (const path of ['mysite/settings/dev.py', 'mysite/settings/local.py', 'mysite/test_settings.py', 'tools/build.py']) {
      expect(await rulesIn(path, 'DEBUG = True\n'), path).toEqual([]);
    }
    expect(await rulesIn('mysite/settings.py', 'DEBUG = False\nif os.environ.get("X"):\n    DEBUG = True\n')).toEqual([]);
    expect(await rulesIn('main.py', 'from fastapi import FastAPI\napp = FastAPI(debug=True)\nother = FastAPI(debug=False)\n')).toEqual(['config.debug@2']);
  });

  it('Express: errorhandler() in every environment, not behind a check', async () => {
    const code = `const errorhandler = require('errorhandler');
app.use(errorhandler());
if (process.env.NODE_ENV === 'development') app.use(errorhandler());
process.env.NODE_ENV !== 'production' && app.use(errorhandler());
`;
    expect(await rulesIn('app.js', code)).toEqual(['config.debug@2']);
  });
});
