import type { Endpoint } from '@app/persistence';
import { NullUsageCutter } from './null-usage-cutter';
import { SseParser, type SseEventView, type SseSink } from './sse-parser';
import {
  StreamUsageTracker,
  type StreamUsageResult,
} from './stream-usage-tracker';

const EMPTY = Buffer.alloc(0);

/**
 * Watches a server-sent event stream on its way to the client. When the gateway asked the
 * backend for usage on the client's behalf, the usage chunk and the `"usage":null` field the
 * backend then adds to every chunk are taken out, so the client gets the stream it asked for;
 * otherwise every byte passes as it came, without waiting for events to complete.
 *
 * The clock is read once per chunk: every event of a chunk arrived at the same moment.
 */
export class StreamWatcher implements SseSink {
  private readonly parser = new SseParser();
  private readonly tracker: StreamUsageTracker;
  private readonly cutter: NullUsageCutter | null;
  private now = 0;
  /** What the client gets of the chunk being watched, when events are taken out. */
  private out = EMPTY;
  private outLength = 0;

  constructor(
    endpoint: Endpoint,
    startedAt: number,
    hideInjectedUsage: boolean,
  ) {
    this.tracker = new StreamUsageTracker(endpoint, startedAt, {
      suppressUsageOnlyChunk: hideInjectedUsage,
    });
    this.cutter = hideInjectedUsage ? new NullUsageCutter() : null;
  }

  /** Observes a chunk; returns what the client gets of it. */
  push(chunk: Buffer): Buffer {
    this.now = performance.now();
    if (!this.cutter) {
      this.parser.feed(chunk, this);
      return chunk;
    }
    // What leaves is never longer than what the parser holds: bytes are only taken out.
    this.startOutput(this.parser.pendingBytes + chunk.length);
    this.parser.feed(chunk, this);
    return this.takeOutput();
  }

  /** The stream ended; returns bytes still held back, if any. */
  end(): Buffer | null {
    this.now = performance.now();
    if (!this.cutter) {
      this.parser.finish(this);
      return null;
    }
    this.startOutput(this.parser.pendingBytes);
    this.parser.finish(this);
    const tail = this.takeOutput();
    return tail.length > 0 ? tail : null;
  }

  onSseEvent(event: SseEventView): void {
    const forward = this.tracker.onEvent(event, this.now);
    if (!forward || !this.cutter) return;
    const { buffer, rawStart, rawEnd } = event;
    this.outLength = this.cutter.copy(
      buffer,
      rawStart,
      rawEnd,
      this.out,
      this.outLength,
    );
  }

  /**
   * What the stream holds between chunks: the unfinished event and the text kept for the
   * tokenizer fallback. It does not grow with the stream's length past the text's cap.
   */
  get heldBytes(): number {
    return this.parser.pendingBytes + this.tracker.textBytesHeld;
  }

  result(): StreamUsageResult {
    return this.tracker.result();
  }

  private startOutput(size: number): void {
    this.out = size === 0 ? EMPTY : Buffer.allocUnsafe(size);
    this.outLength = 0;
  }

  private takeOutput(): Buffer {
    const out = this.out.subarray(0, this.outLength);
    this.out = EMPTY;
    return out;
  }
}
