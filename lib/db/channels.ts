// Every NOTIFY channel, in one place. A notification is only a wake-up: the
// rows are the truth, and each listener also polls, so a lost one loses
// nothing. Payloads stay far below Postgres's 8000-byte limit.

export const CHANNELS = {
  /** `{"r": repository id, "s": scan id, "id": last event id}`: new events (lifecycle, append). */
  events: 'vega_events',
  /** A scan id: a scan was queued or re-queued (workers claim). */
  scansQueued: 'vega_scans_queued',
  /** A scan id: cancellation was requested (the worker running it stops its runner). */
  scansCancel: 'vega_scans_cancel',
  /** A scan id: a scan ended, by any path (a trigger on scans; the sealer seals it). */
  scansEnded: 'vega_scans_ended',
} as const;

/** The payload of CHANNELS.events (JSON, kept short: NOTIFY payloads are limited to 8000 bytes). */
export interface EventsNotification {
  /** The repository's id: the hub wakes that repository's streams. */
  r: string;
  /** The scan's id. */
  s: string;
  /** The last event id written. */
  id: number;
}
