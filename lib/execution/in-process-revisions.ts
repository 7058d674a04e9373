import { isDatabaseUnavailable } from '../db/unavailable';
import { attachSnapshot, snapshotReply } from '../revisions/attach';
import { takenOf } from '../revisions/revision-row';
import { DELIVERY_BUDGET_MS } from '../runner/delivery';
import { retrying, TransientDeliveryError } from '../runner/retrying-sink';
import { revisionOfReply, type RevisionTransport } from '../runner/source';

/** Thread mode: the in-process runner fixes its revision through the function the runner API calls. */
export function dbRevisionTransport(scan: { id: string; attempt: number }): RevisionTransport {
  const attach = (input: Omit<Parameters<typeof attachSnapshot>[0], 'scanId' | 'attempt'>) =>
    retrying(
      async () => {
        try {
          return await attachSnapshot({ scanId: scan.id, attempt: scan.attempt, ...input });
        } catch (err) {
          if (isDatabaseUnavailable(err)) throw new TransientDeliveryError('the database is unavailable', { cause: err });
          throw err;
        }
      },
      { budgetMs: DELIVERY_BUDGET_MS },
    );
  return {
    async reuse(commitSha, ref) {
      const r = await attach({ commitSha, ref });
      if (!r.attached) return r.reason === 'inactive' ? 'lost' : null;
      return revisionOfReply(snapshotReply(r));
    },
    async record(taken, ref) {
      const r = await attach({ commitSha: taken.commitSha ?? null, ref, taken: takenOf(taken) });
      if (!r.attached) return 'lost';
      return revisionOfReply(snapshotReply(r))!;
    },
  };
}
