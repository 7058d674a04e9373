/**
 * How long a runner keeps retrying one batch through an outage (the API or
 * Postgres restarting) before it gives up on the attempt. Longer than a
 * database restart; a runner that gives up leaves the scan to the recovery
 * loop, which re-queues it once the lease lapses.
 */
export const DELIVERY_BUDGET_MS = 120_000;
