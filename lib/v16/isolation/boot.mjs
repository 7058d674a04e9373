// Starts the analysis worker from the TypeScript sources (not the compiled
// CLI, whose analysis-worker.mjs is started directly): tsx compiles it.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
