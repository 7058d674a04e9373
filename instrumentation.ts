// Runs once when the Next.js server starts (not during `next build`).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Only when started with --expose-gc (the bench does): SIGUSR2 collects
  // garbage and prints memory, so retained memory can be measured from outside.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    process.on('SIGUSR2', () => {
      const rssBeforeGc = process.memoryUsage.rss();
      gc();
      console.log(JSON.stringify({ vega_memory: { ...process.memoryUsage(), rssBeforeGc } }));
    });
  }
  const { env } = await import('./lib/env');
  if (env().VEGA_SCAN_EXECUTION_MODE !== 'thread' || !env().DATABASE_URL) return;
  const { startThreadExecutor } = await import('./lib/runtime');
  await startThreadExecutor();
}
