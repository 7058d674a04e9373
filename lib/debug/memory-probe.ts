/**
 * Only when the process runs with --expose-gc (the bench starts it so):
 * SIGUSR2 collects garbage and prints memory, so retained memory per
 * connection can be measured from outside.
 */
export function installMemoryProbe() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  process.on('SIGUSR2', () => {
    gc();
    console.log(JSON.stringify({ vega_memory: process.memoryUsage() }));
  });
}
