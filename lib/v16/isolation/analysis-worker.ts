// The worker thread one file's analysis runs in (isolated-analyzer.ts): it
// holds the component's texts (analyses follow calls into other modules of
// the component) and audits the files it is asked to, one at a time. Killed
// from outside when a file takes longer than its budget.

import { parentPort } from 'node:worker_threads';
import { auditSource, type AuditOptions } from '../audit/audit-source';
import type { AnalyzeReply, AnalyzeRequest } from './protocol';

const port = parentPort!;
let texts = new Map<string, string>();
let options: AuditOptions = {};

port.on('message', (message: AnalyzeRequest) => {
  if (message.type === 'load') {
    texts = new Map(message.texts);
    options = message.options;
    return;
  }
  const reads: string[] = [];
  const readModule = (path: string) => {
    reads.push(path);
    return texts.get(path);
  };
  const text = texts.get(message.file);
  const reply = (r: AnalyzeReply) => port.postMessage(r);
  if (text === undefined) {
    reply({ id: message.id, ok: false, message: 'not loaded' });
    return;
  }
  auditSource(message.file, text, readModule, options).then(
    (r) => reply({ id: message.id, ok: true, findings: r.findings, parseErrors: r.parseErrors, reads }),
    (err: unknown) => reply({ id: message.id, ok: false, message: err instanceof Error ? err.message : String(err) }),
  );
});

port.postMessage({ type: 'ready' });
