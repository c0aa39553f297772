import type { Endpoint } from '@app/persistence';
import {
  ContentDeltaShape,
  type ContentDeltaFields,
} from './content-delta-shape';
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
 *
 * Servers write a stream event by event, and most reach the gateway one event per chunk, the
 * content chunks all alike but for their text. So the raw bytes of a chunk that was one whole
 * content-only event are kept as a shape, and a later chunk with the same bytes around its
 * content is that event again: it is recorded without going through the SSE parser or the
 * JSON matcher. Any other chunk is parsed.
 */
export class StreamWatcher implements SseSink {
  private readonly parser = new SseParser();
  private readonly tracker: StreamUsageTracker;
  private readonly cutter: NullUsageCutter | null;
  private readonly eventShape = new ContentDeltaShape();
  /** Where a chunk that fits the shape has its content and null usage field. */
  private readonly shaped: ContentDeltaFields = {
    contentStart: 0,
    contentEnd: 0,
    escaped: false,
    nullUsageStart: -1,
    nullUsageEnd: -1,
  };
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
    if (this.parser.pendingBytes !== 0 || !this.pushShaped(chunk))
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
    const { buffer, rawStart, rawEnd } = event;
    const delta = this.tracker.matchedDelta;
    if (delta && rawStart === 0 && rawEnd === buffer.length)
      this.eventShape.remember(buffer, rawStart, rawEnd, delta);
    if (!this.cutter) return;
    this.startOutput(buffer, rawStart);
    if (!forward) return this.skip(rawStart, rawEnd);
    const { nullUsageStart, nullUsageEnd } = this.tracker;
    this.keep(buffer, rawStart, rawEnd, nullUsageStart, nullUsageEnd);
  }

  /**
   * Records a chunk that is one whole event shaped like the last content-only one; false for
   * any other, which must be parsed. Only called with no event pending in the parser, which
   * then holds nothing a skipped chunk would have changed.
   */
  private pushShaped(chunk: Buffer): boolean {
    const shaped = this.shaped;
    if (
      !this.eventShape.fits(chunk, 0, chunk.length, shaped) ||
      !this.tracker.onShapedDelta(chunk, shaped, this.now)
    )
      return false;
    if (this.cutter) {
      this.startOutput(chunk, 0);
      this.keep(
        chunk,
        0,
        chunk.length,
        shaped.nullUsageStart,
        shaped.nullUsageEnd,
      );
    }
    return true;
  }

  /** The events of one chunk lie side by side in one buffer: the first starts the output. */
  private startOutput(buffer: Buffer, rawStart: number): void {
    if (this.outStart !== NOT_STARTED) return;
    this.source = buffer;
    this.outStart = this.outEnd = this.keptFrom = this.keptTo = rawStart;
  }

  /**
   * Keeps a forwarded event `[rawStart..rawEnd)` but for its `"usage":null` field, which is at
   * `[at..atEnd)`, or nowhere (NO_NULL_USAGE), or not known (NULL_USAGE_UNKNOWN).
   */
  private keep(
    buffer: Buffer,
    rawStart: number,
    rawEnd: number,
    at: number,
    atEnd: number,
  ): void {
    const cutter = this.cutter as NullUsageCutter;
    if (at === NULL_USAGE_UNKNOWN) {
      this.flush();
      this.outEnd = cutter.copy(buffer, rawStart, rawEnd, buffer, this.outEnd);
      this.keptFrom = this.keptTo = rawEnd;
    } else if (at === NO_NULL_USAGE) {
      this.keptTo = rawEnd;
    } else {
      this.cutField(buffer, at, atEnd, rawEnd);
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
        moveLeft(this.source, this.outEnd, keptFrom, keptTo);
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

/** Up to this many bytes a loop moves them faster than a call into native code. */
const LOOP_MOVE_MAX = 32;

/** Moves `buffer[start..end)` to `to`, which lies before `start`. */
function moveLeft(
  buffer: Buffer,
  to: number,
  start: number,
  end: number,
): void {
  if (end - start > LOOP_MOVE_MAX) {
    buffer.copyWithin(to, start, end);
    return;
  }
  for (let i = start; i < end; i++) buffer[to++] = buffer[i];
}
