import { describe, expect, it } from 'vitest';
import { auditSource } from './audit-source';

// Sources beyond HTTP requests: a serverless function's event, and what a
// page's visitor (or any page that can post to it) controls in browser code.

async function rulesIn(path: string, code: string): Promise<string[]> {
  return (await auditSource(path, code)).findings.map((f) => `${f.ruleId}@${f.startLine}`);
}

describe('serverless handlers', () => {
  it('treat the event of an exported handler as input, and trace it from there', async () => {
    const code = `const { exec } = require('child_process');
exports.handler = async (event, context) => {
  exec('gzip ' + event.file);
};
`;
    const [finding] = (await auditSource('fn.js', code)).findings;
    expect(finding.ruleId).toBe('injection.command');
    expect(finding.trace[0].note).toMatch(/serverless function event/);
  });

  it('recognise the handler by its type when the parameter has another name', async () => {
    const code = `import type { APIGatewayProxyEvent } from 'aws-lambda';
export async function main(input: APIGatewayProxyEvent) {
  return eval(input.body ?? '');
}
`;
    expect(await rulesIn('fn.ts', code)).toEqual(['injection.code@3']);
  });

  it('leave an event parameter alone when the function is not an exported entry point', async () => {
    const code = `const { exec } = require('child_process');
function handler(event) { exec('gzip ' + event.file); }
emitter.on('done', (event) => exec('echo ' + event.id));
`;
    expect(await rulesIn('lib.js', code)).toEqual([]);
  });

  it('report HTML built from the event in the function result, not JSON', async () => {
    const code = `exports.handler = async (event) => {
  if (event.json) return { statusCode: 200, body: JSON.stringify({ q: event.q }) };
  return { statusCode: 200, body: '<p>' + event.q + '</p>' };
};
`;
    expect(await rulesIn('fn.js', code)).toEqual(['xss@3']);
  });
});

describe('browser code', () => {
  it('reports the page URL written into the DOM as HTML, and not as text', async () => {
    const code = `const q = new URLSearchParams(location.search).get('q');
document.getElementById('a').innerHTML = q;
document.getElementById('b').textContent = q;
document.write(document.referrer);
`;
    expect(await rulesIn('page.js', code)).toEqual(['xss@2', 'xss@4']);
  });

  it('does not take a local variable named location for the page URL', async () => {
    const code = `function show(location) {
  document.getElementById('a').innerHTML = location.hash;
}
`;
    expect(await rulesIn('page.js', code)).toEqual([]);
  });

  it('follows postMessage data into insertAdjacentHTML and jQuery', async () => {
    const code = `window.addEventListener('message', (e) => {
  $('#log').append(e.data);
  document.body.insertAdjacentHTML('beforeend', e.data.html);
});
`;
    expect(await rulesIn('page.js', code)).toEqual(['xss@2', 'xss@3']);
  });
});
