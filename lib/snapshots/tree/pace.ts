import { performance } from 'node:perf_hooks';

/**
 * Returns a function to await between synchronous steps: it yields to the
 * event loop once `sliceMs` have passed since the last yield, so a packer
 * running in the web process (a registration, an upload) never holds its
 * other requests for long, while a loop of fast steps pays almost nothing.
 */
export function yieldEvery(sliceMs = 8): () => Promise<void> | void {
  let last = performance.now();
  return () => {
    if (performance.now() - last < sliceMs) return;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = performance.now();
        resolve();
      }),
    );
  };
}
