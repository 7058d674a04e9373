import type { AuditOptions, SourceAudit } from '../audit/audit-source';

/** To the analysis worker: the component's texts, then one file at a time. */
export type AnalyzeRequest = { type: 'load'; texts: [path: string, text: string][]; options: AuditOptions } | { type: 'audit'; id: number; file: string };

/** From it: the file's audit and every module path its analysis read (in order, repeats included), or why it failed. */
export type AnalyzeReply = ({ id: number; ok: true; reads: string[] } & SourceAudit) | { id: number; ok: false; message: string };
