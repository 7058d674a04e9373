import { isDatabaseUnavailable } from '../db/unavailable';
import type { GateTransport, RunnerGateReply } from '../runner/gates';
import { TransientDeliveryError } from '../runner/retrying-sink';
import { serializeGate } from '../gates/model';
import { openGate } from '../gates/open';
import { gateForRunner } from '../gates/runner-state';

/** Thread mode: the in-process runner reaches gates through the same functions the runner API calls. */
export function dbGateTransport(scan: { id: string; attempt: number }): GateTransport {
  const reply = (r: { gate: Parameters<typeof serializeGate>[0]; cancelRequested: boolean } | null): RunnerGateReply | null =>
    r && { gate: serializeGate(r.gate), cancel_requested: r.cancelRequested };
  const transient = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw new TransientDeliveryError('the database is unavailable', { cause: err });
      throw err;
    }
  };
  return {
    open: (request) => transient(async () => reply(await openGate({ scanId: scan.id, attempt: scan.attempt, request }))),
    poll: (gateId) => transient(async () => reply(await gateForRunner({ scanId: scan.id, attempt: scan.attempt, gateId }))),
  };
}
