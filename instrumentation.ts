// Runs once when the Next.js server starts (not during `next build`).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installMemoryProbe } = await import('./lib/debug/memory-probe');
  installMemoryProbe();
  const { env } = await import('./lib/env');
  if (!env().DATABASE_URL) return;
  const { startSealer, startThreadExecutor } = await import('./lib/execution/runtime');
  await startSealer();
  if (env().VEGA_SCAN_EXECUTION_MODE === 'thread') await startThreadExecutor();
}
