import type { JsSink } from '../../lang/js/sink-spec';

export const js: readonly JsSink[] = [{ calls: ['RegExp', 'new RegExp'], what: 'regular expression' }];
