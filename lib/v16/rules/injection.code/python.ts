import type { PySink, PyRuleSpec } from '../../lang/python/sink-spec';

const sinks: readonly PySink[] = [{ calls: ['eval', 'exec', 'compile'], what: 'code to evaluate' }];

export const python: PyRuleSpec = { sinks };
