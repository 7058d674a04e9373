// The engine (and the snapshot packer) may run on the web server's event loop. Its file system work is
// synchronous (the promise API's thread-pool round trips cost more CPU than
// reading a small file from the page cache), so it hands the loop back
// whenever it has held it for a few milliseconds.

const SLICE_MS = 4;

export class Pacer {
  private last = performance.now();

  /** Yields to other work if this task has run for a slice since the last yield. */
  async pace(): Promise<void> {
    if (performance.now() - this.last < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}
