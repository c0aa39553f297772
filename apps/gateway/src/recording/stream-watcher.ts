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
const NOT_STARTED = -1;

/**
 * Watches a server-sent event stream on its way to the client. When the gateway asked the
 * backend for usage on the client's behalf, the usage chunk and the `"usage":null` field the
 * backend then adds to every chunk are taken out, so the client gets the stream it asked for;
 * otherwise every byte passes as it came, without waiting for events to complete.
 *
 * The clock is read once per chunk, by the relay: every event of a chunk arrived at the same
 * moment.
 */
export class StreamWatcher implements SseSink {
  private readonly parser = new SseParser();
  private readonly tracker: StreamUsageTracker;
  private readonly cutter: NullUsageCutter | null;
  private now = 0;
  /**
   * What the client gets of the chunk being watched, when events are taken out: built in place
   * in the parser's buffer, at `outStart..outEnd`, by moving kept bytes over cut ones. Bytes are
   * only taken out, so the output never overtakes the event being read, and the buffer is one
   * nothing else reads (the HTTP parser copies each body chunk out for its listener).
   */
  private source: Buffer = EMPTY;
  private outStart = NOT_STARTED;
  private outEnd = 0;
  /** Kept bytes not yet moved to the output: runs of events move at once, up to a cut. */
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

  /**
   * Observes a chunk received at `receivedAt`, the relay's one clock read for it; returns what
   * the client gets of it. The chunk is handed over: when bytes are cut, the rest is moved
   * within it, so the caller must not read it afterwards.
   */
  push(chunk: Buffer, receivedAt = performance.now()): Buffer {
    this.now = receivedAt;
    this.parser.feed(chunk, this);
    return this.cutter ? this.takeOutput() : chunk;
  }

  /** The stream ended; returns bytes still held back, if any. */
  end(): Buffer | null {
    this.now = performance.now();
    this.parser.finish(this);
    if (!this.cutter) return null;
    const tail = this.takeOutput();
    return tail.length > 0 ? tail : null;
  }

  onSseEvent(event: SseEventView): void {
    const forward = this.tracker.onEvent(event, this.now);
    if (!this.cutter) return;
    const { buffer, rawStart, rawEnd } = event;
    // The events of one chunk lie side by side in one buffer: the first starts the output.
    if (this.outStart === NOT_STARTED) {
      this.source = buffer;
      this.outStart = this.outEnd = this.keptFrom = this.keptTo = rawStart;
    }
    if (!forward) return this.skip(rawStart, rawEnd);
    const at = this.tracker.nullUsageStart;
    if (at === NULL_USAGE_UNKNOWN) {
      this.flush();
      this.outEnd = this.cutter.copy(
        buffer,
        rawStart,
        rawEnd,
        buffer,
        this.outEnd,
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
    const { keptFrom, keptTo } = this;
    if (keptTo > keptFrom) {
      if (this.outEnd !== keptFrom)
        this.source.copyWithin(this.outEnd, keptFrom, keptTo);
      this.outEnd += keptTo - keptFrom;
    }
    this.keptFrom = keptTo;
  }

  private takeOutput(): Buffer {
    if (this.outStart === NOT_STARTED) return EMPTY;
    this.flush();
    const out = this.source.subarray(this.outStart, this.outEnd);
    this.outStart = NOT_STARTED;
    this.source = EMPTY;
    return out;
  }
}
