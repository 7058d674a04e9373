import type { PySink } from '../../lang/python/sink-spec';

export const python: readonly PySink[] = [{ calls: ['eval', 'exec', 'compile'], what: 'code to evaluate' }];
