/** One server-sent event, or a data-less block (comments, stray blank lines). */
export interface SseEvent {
  /** Value of the `event:` field; undefined when absent or empty. */
  event: string | undefined;
  /** The `data:` lines joined with `\n`; '' for blocks without data lines. */
  data: string;
  /** The exact bytes of the block, including its terminating blank line. */
  raw: Buffer;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const EMPTY = Buffer.alloc(0);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const DATA_FIELD = Buffer.from('data');
const EVENT_FIELD = Buffer.from('event');

/**
 * Incremental parser for `text/event-stream` bodies that accepts arbitrary chunk
 * boundaries. Every input byte ends up in exactly one event's `raw`, so a proxy can
 * forward the stream event by event, byte for byte, or drop single events.
 *
 * Only the unfinished tail of the current block is kept between pushes, and bytes are
 * scanned once: each push resumes where the previous one stopped.
 */
export class SseParser {
  private buffer: Buffer = EMPTY;
  private blockStart = 0;
  private lineStart = 0;
  private scanOffset = 0;
  private dataLines: string[] = [];
  private eventName: string | undefined;
  private atStreamStart = true;

  /** Returns the events completed by this chunk. */
  push(chunk: Buffer): SseEvent[] {
    if (chunk.length === 0) return [];
    this.buffer =
      this.blockStart < this.buffer.length
        ? Buffer.concat([this.buffer.subarray(this.blockStart), chunk])
        : chunk;
    this.lineStart -= this.blockStart;
    this.scanOffset -= this.blockStart;
    this.blockStart = 0;
    this.skipLeadingBom();
    const events: SseEvent[] = [];
    this.scan(events, false);
    return events;
  }

  /** Flushes the trailing block of a stream that did not end with a blank line. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    this.scan(events, true);
    const end = this.buffer.length;
    if (this.lineStart < end) this.processLine(this.lineStart, end);
    if (this.blockStart < end) events.push(this.takeBlock(end));
    this.buffer = EMPTY;
    this.blockStart = this.lineStart = this.scanOffset = 0;
    this.atStreamStart = true;
    return events;
  }

  private scan(events: SseEvent[], final: boolean): void {
    const buffer = this.buffer;
    const length = buffer.length;
    let i = this.scanOffset;
    for (; i < length; i++) {
      const byte = buffer[i];
      if (byte !== LF && byte !== CR) continue;
      let next = i + 1;
      if (byte === CR) {
        // A CR as the last byte may be the first half of a CRLF split across chunks.
        if (next === length && !final) break;
        if (buffer[next] === LF) next++;
      }
      if (i === this.lineStart) {
        events.push(this.takeBlock(next));
      } else {
        this.processLine(this.lineStart, i);
      }
      this.lineStart = next;
      i = next - 1;
    }
    this.scanOffset = i;
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
    const value =
      valueStart < end ? buffer.toString('utf8', valueStart, end) : '';
    if (isData) {
      this.dataLines.push(value);
    } else {
      this.eventName = value === '' ? undefined : value;
    }
  }

  private takeBlock(end: number): SseEvent {
    const event: SseEvent = {
      event: this.eventName,
      data: this.dataLines.join('\n'),
      raw: this.buffer.subarray(this.blockStart, end),
    };
    this.blockStart = end;
    this.dataLines.length = 0;
    this.eventName = undefined;
    return event;
  }

  /** The spec strips one BOM at the start of the stream; it stays in `raw`. */
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
  return (
    end - start === name.length &&
    buffer.compare(name, 0, name.length, start, end) === 0
  );
}
