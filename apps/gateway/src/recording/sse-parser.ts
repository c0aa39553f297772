/** One server-sent event, or a data-less block (comments, stray blank lines). */
export interface SseEvent {
  /** Value of the `event:` field; undefined when absent or empty. */
  event: string | undefined;
  /** The `data:` lines joined with `\n`; '' for blocks without data lines. */
  data: string;
  /** The exact bytes of the block, including its terminating blank line. */
  raw: Buffer;
}

/**
 * An event as the parser holds it, valid only during {@link SseSink.onSseEvent}: its bytes
 * are `buffer[rawStart..rawEnd)` and nothing is decoded until asked for.
 */
export interface SseEventView {
  readonly buffer: Buffer;
  readonly rawStart: number;
  readonly rawEnd: number;
  /** Value of the `event:` field; undefined when absent or empty. */
  readonly event: string | undefined;
  /** Bounds of the value of the only `data:` line; `dataEnd` is -1 for none or several. */
  readonly dataStart: number;
  readonly dataEnd: number;
  /** The `data:` lines joined with `\n`, decoded on each read. */
  readonly data: string;
}

/** Receives events as they complete; the view is reused for the next one. */
export interface SseSink {
  onSseEvent(event: SseEventView): void;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const CR_NOT_SEARCHED = -2;
const EMPTY = Buffer.alloc(0);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const DATA_FIELD = Buffer.from('data');
const EVENT_FIELD = Buffer.from('event');

/**
 * Incremental parser for `text/event-stream` bodies that accepts arbitrary chunk
 * boundaries. Every input byte ends up in exactly one event, so a proxy can forward the
 * stream event by event, byte for byte, or drop single events.
 *
 * Only the unfinished tail of the current block is kept between pushes, and bytes are
 * scanned once, line ends natively: each push resumes where the previous one stopped. A data line is kept as a
 * byte range, not a string: most events are read from their bytes and never decoded.
 */
export class SseParser implements SseEventView {
  buffer: Buffer = EMPTY;
  rawStart = 0;
  rawEnd = 0;
  event: string | undefined;
  dataStart = 0;
  dataEnd = -1;
  private lineStart = 0;
  private scanOffset = 0;
  private dataLineCount = 0;
  /** Decoded data lines, only once a block has more than one. */
  private dataLines: string[] | null = null;
  private atStreamStart = true;
  /** The next CR at or after the scan position, -1 for none in the buffer, -2 not searched. */
  private crAt = CR_NOT_SEARCHED;

  get data(): string {
    if (this.dataLines) return this.dataLines.join('\n');
    if (this.dataLineCount === 0) return '';
    return this.buffer.toString('utf8', this.dataStart, this.dataEnd);
  }

  /** Hands `sink` the events completed by this chunk. */
  feed(chunk: Buffer, sink: SseSink): void {
    if (chunk.length === 0) return;
    const shift = this.rawStart;
    this.buffer =
      shift < this.buffer.length
        ? Buffer.concat([this.buffer.subarray(shift), chunk])
        : chunk;
    this.lineStart -= shift;
    this.scanOffset -= shift;
    this.dataStart -= shift;
    this.dataEnd = this.dataEnd === -1 ? -1 : this.dataEnd - shift;
    this.rawStart = 0;
    this.crAt = CR_NOT_SEARCHED;
    this.skipLeadingBom();
    this.scan(sink, false);
  }

  /** Bytes held for an event not yet complete. */
  get pendingBytes(): number {
    return this.buffer.length - this.rawStart;
  }

  /** Flushes the trailing block of a stream that did not end with a blank line. */
  finish(sink: SseSink): void {
    this.scan(sink, true);
    const end = this.buffer.length;
    if (this.lineStart < end) this.processLine(this.lineStart, end);
    if (this.rawStart < end) this.emit(end, sink);
    this.buffer = EMPTY;
    this.rawStart = this.lineStart = this.scanOffset = 0;
    this.atStreamStart = true;
  }

  private scan(sink: SseSink, final: boolean): void {
    const buffer = this.buffer;
    const length = buffer.length;
    let i = this.scanOffset;
    while (i < length) {
      const end = this.lineEnd(i);
      if (end === -1) {
        i = length;
        break;
      }
      let next = end + 1;
      if (buffer[end] === CR) {
        // A CR as the last byte may be the first half of a CRLF split across chunks.
        if (next === length && !final) {
          i = end;
          break;
        }
        if (buffer[next] === LF) next++;
      }
      if (end === this.lineStart) {
        this.emit(next, sink);
      } else {
        this.processLine(this.lineStart, end);
      }
      this.lineStart = next;
      i = next;
    }
    this.scanOffset = i;
  }

  /**
   * The first CR or LF at or after `from`, or -1. Found natively: a loop over every byte of
   * an event in JavaScript costs more than its few calls into `indexOf`. A blank line usually
   * follows a line end, so the next byte is looked at first, and CRs (which most streams do
   * not have) are searched for once per buffer, not per line.
   */
  private lineEnd(from: number): number {
    const buffer = this.buffer;
    const lf = buffer[from] === LF ? from : buffer.indexOf(LF, from);
    if (this.crAt !== -1 && this.crAt < from)
      this.crAt = buffer.indexOf(CR, from);
    const cr = this.crAt;
    return cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
  }

  private processLine(start: number, end: number): void {
    const buffer = this.buffer;
    if (buffer[start] === COLON) return;
    let colon = start;
    while (colon < end && buffer[colon] !== COLON) colon++;
    const isData = isField(buffer, start, colon, DATA_FIELD);
    if (!isData && !isField(buffer, start, colon, EVENT_FIELD)) return;
    let valueStart = colon + 1;
    if (valueStart < end && buffer[valueStart] === SPACE) valueStart++;
    if (valueStart > end) valueStart = end;
    if (isData) {
      this.addDataLine(valueStart, end);
    } else {
      this.event =
        valueStart < end ? buffer.toString('utf8', valueStart, end) : undefined;
    }
  }

  private addDataLine(start: number, end: number): void {
    this.dataLineCount++;
    if (this.dataLineCount === 1) {
      this.dataStart = start;
      this.dataEnd = end;
      return;
    }
    this.dataLines ??= [
      this.buffer.toString('utf8', this.dataStart, this.dataEnd),
    ];
    this.dataLines.push(this.buffer.toString('utf8', start, end));
    this.dataEnd = -1;
  }

  private emit(end: number, sink: SseSink): void {
    this.rawEnd = end;
    if (this.dataLineCount === 0) this.dataEnd = -1;
    sink.onSseEvent(this);
    this.rawStart = end;
    this.event = undefined;
    this.dataLineCount = 0;
    this.dataLines = null;
    this.dataStart = 0;
    this.dataEnd = -1;
  }

  /** The spec strips one BOM at the start of the stream; it stays in the event's bytes. */
  private skipLeadingBom(): void {
    if (!this.atStreamStart) return;
    const buffer = this.buffer;
    const prefix = Math.min(buffer.length, UTF8_BOM.length);
    if (UTF8_BOM.compare(buffer, 0, prefix, 0, prefix) !== 0) {
      this.atStreamStart = false;
    } else if (buffer.length >= UTF8_BOM.length) {
      this.lineStart = this.scanOffset = UTF8_BOM.length;
      this.atStreamStart = false;
    }
  }
}

function isField(
  buffer: Buffer,
  start: number,
  end: number,
  name: Buffer,
): boolean {
  if (end - start !== name.length) return false;
  // A loop: a call into native code per line costs more than comparing four bytes.
  for (let i = 0; i < name.length; i++) {
    if (buffer[start + i] !== name[i]) return false;
  }
  return true;
}
