import type { Endpoint } from '@app/persistence';
import { NullUsageCutter } from './null-usage-cutter';
import { SseParser, type SseEventView, type SseSink } from './sse-parser';
import {
  StreamUsageTracker,
  type StreamUsageResult,
} from './stream-usage-tracker';

const EMPTY = Buffer.alloc(0);
const COMMA = 0x2c;
/** See StreamUsageTracker.nullUsageStart. */
const NO_NULL_USAGE = -1;
const NULL_USAGE_UNKNOWN = -2;

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
  /**
   * Kept bytes of the parser's buffer not yet copied to `out`: consecutive events are copied
   * at once, up to the next byte that is cut.
   */
  private source: Buffer = EMPTY;
  private keptFrom = 0;
  private keptTo = 0;

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
    if (!this.cutter) return;
    const { buffer, rawStart, rawEnd } = event;
    if (buffer !== this.source || rawStart !== this.keptTo) {
      this.flush();
      this.source = buffer;
      this.keptFrom = this.keptTo = rawStart;
    }
    if (!forward) return this.skip(rawStart, rawEnd);
    const at = this.tracker.nullUsageStart;
    if (at === NULL_USAGE_UNKNOWN) {
      this.flush();
      this.outLength = this.cutter.copy(
        buffer,
        rawStart,
        rawEnd,
        this.out,
        this.outLength,
      );
      this.keptFrom = this.keptTo = rawEnd;
    } else if (at === NO_NULL_USAGE) {
      this.keptTo = rawEnd;
    } else {
      this.cutField(buffer, at, this.tracker.nullUsageEnd, rawEnd);
    }
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

  /**
   * Cuts a matched chunk's `"usage":null` with the comma before it, else the one after (as
   * {@link NullUsageCutter} does): compact JSON has one or the other.
   */
  private cutField(
    buffer: Buffer,
    start: number,
    end: number,
    eventEnd: number,
  ): void {
    if (buffer[start - 1] === COMMA) start--;
    else if (buffer[end] === COMMA) end++;
    else start = end;
    this.keptTo = start;
    this.skip(start, end);
    this.keptTo = eventEnd;
  }

  /** Leaves `[start..end)` out, after what was kept before it. */
  private skip(start: number, end: number): void {
    this.keptTo = start;
    this.flush();
    this.keptFrom = this.keptTo = end;
  }

  private flush(): void {
    if (this.keptTo > this.keptFrom)
      this.outLength += this.source.copy(
        this.out,
        this.outLength,
        this.keptFrom,
        this.keptTo,
      );
    this.keptFrom = this.keptTo;
  }

  private startOutput(size: number): void {
    this.out = size === 0 ? EMPTY : Buffer.allocUnsafe(size);
    this.outLength = 0;
    this.source = EMPTY;
    this.keptFrom = this.keptTo = 0;
  }

  private takeOutput(): Buffer {
    this.flush();
    const out = this.out.subarray(0, this.outLength);
    this.out = EMPTY;
    this.source = EMPTY;
    return out;
  }
}
