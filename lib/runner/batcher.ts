import { isVerdict, type V16Event } from '../v16/types';

export interface SinkResult {
  accepted: boolean;
  cancelRequested: boolean;
}

/** Where a runner's events go: the database directly (thread mode) or the API over HTTP. */
export interface EventSink {
  /** `seq` numbers an attempt's batches from 1, so a retried batch is recognised. */
  write(events: V16Event[], seq: number): Promise<SinkResult>;
}


/**
 * Groups engine events into batches: a batch leaves when it is full, when
 * `maxDelayMs` has passed since its first event (live streaming), or at once
 * for a terminal event. One write is in flight at a time, so the sink sees
 * events in order; a full buffer makes the engine wait (back-pressure).
 */
export class EventBatcher {
  private buffer: V16Event[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private seq = 0;
  cancelRequested = false;
  /** The sink refused a batch: another attempt holds the scan, or it ended. */
  lost = false;

  constructor(
    private readonly sink: EventSink,
    private readonly opts: { maxBatch: number; maxDelayMs: number } = { maxBatch: 200, maxDelayMs: 25 },
  ) {}

  async push(event: V16Event): Promise<void> {
    if (this.failure) throw this.failure;
    this.buffer.push(event);
    if (isVerdict(event) || this.buffer.length >= this.opts.maxBatch) {
      await this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => {}), this.opts.maxDelayMs);
    }
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return this.inflight;
    this.inflight = this.inflight.then(async () => {
      if (this.lost) return;
      try {
        const result = await this.sink.write(batch, ++this.seq);
        if (!result.accepted) this.lost = true;
        if (result.cancelRequested) this.cancelRequested = true;
      } catch (err) {
        this.failure = err;
        throw err;
      }
    });
    return this.inflight;
  }
}
