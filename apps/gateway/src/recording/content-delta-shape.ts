const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CONTROL_END = 0x20;
/** Up to this length a loop compares faster than a call into native code. */
const NATIVE_COMPARE_FROM = 48;
const INITIAL_CAPACITY = 256;
/** Chunks with more bytes than this around their content are always matched in full. */
export const MAX_SHAPE_BYTES = 4096;

/** Where a match found the content and the `"usage":null` field, as ContentDeltaMatcher has them. */
export interface ContentDeltaFields {
  contentStart: number;
  contentEnd: number;
  escaped: boolean;
  nullUsageStart: number;
  nullUsageEnd: number;
}

/**
 * The bytes around the content of the last content-only chunk that was matched in full: its
 * head (up to the content's opening quote) and its tail (from the closing quote). A server
 * writes every content chunk of a stream alike, so a chunk with the same head and tail and a
 * plain JSON string between them is content-only too, and it is recognised by comparing bytes
 * instead of walking its JSON. Any other chunk does not fit and is matched in full.
 */
export class ContentDeltaShape {
  private head: Buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private tail: Buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private headLength = 0;
  private tailLength = 0;
  /** The null usage field, from the head's start when it lies there, else from the tail's. */
  private nullUsageInHead = false;
  private nullUsageOffset = -1;
  private nullUsageLength = 0;
  private known = false;

  /**
   * Takes the shape of a chunk `[start..end)` that a full match accepted as `fields`, unless
   * it is larger than {@link MAX_SHAPE_BYTES}: then no shape is known until the next one.
   */
  remember(
    buffer: Buffer,
    start: number,
    end: number,
    fields: ContentDeltaFields,
  ): void {
    const headEnd = fields.contentStart;
    const tailStart = fields.contentEnd;
    if (headEnd - start + end - tailStart > MAX_SHAPE_BYTES) {
      this.known = false;
      return;
    }
    this.head = copyInto(this.head, buffer, start, headEnd);
    this.tail = copyInto(this.tail, buffer, tailStart, end);
    this.headLength = headEnd - start;
    this.tailLength = end - tailStart;
    const at = fields.nullUsageStart;
    this.nullUsageInHead = at >= 0 && at < headEnd;
    this.nullUsageOffset =
      at < 0 ? at : at - (at < headEnd ? start : tailStart);
    this.nullUsageLength = fields.nullUsageEnd - at;
    this.known = true;
  }

  /** Whether `[start..end)` has the remembered shape; if so, its fields go to `fields`. */
  fits(
    buffer: Buffer,
    start: number,
    end: number,
    fields: ContentDeltaFields,
  ): boolean {
    if (!this.known) return false;
    const contentStart = start + this.headLength;
    const contentEnd = end - this.tailLength;
    if (contentEnd < contentStart) return false;
    if (!same(buffer, start, this.head, this.headLength)) return false;
    let escaped = false;
    let i = contentStart;
    for (; i < contentEnd; i++) {
      const b = buffer[i];
      if (b === QUOTE || b < CONTROL_END) return false;
      if (b === BACKSLASH) {
        escaped = true;
        i++;
      }
    }
    // A backslash just before the tail escapes its quote: the string goes on.
    if (i !== contentEnd) return false;
    if (!same(buffer, contentEnd, this.tail, this.tailLength)) return false;
    fields.contentStart = contentStart;
    fields.contentEnd = contentEnd;
    fields.escaped = escaped;
    this.placeNullUsage(start, contentEnd, fields);
    return true;
  }

  private placeNullUsage(
    start: number,
    tailStart: number,
    fields: ContentDeltaFields,
  ): void {
    const offset = this.nullUsageOffset;
    if (offset < 0) {
      fields.nullUsageStart = offset;
      return;
    }
    const at = offset + (this.nullUsageInHead ? start : tailStart);
    fields.nullUsageStart = at;
    fields.nullUsageEnd = at + this.nullUsageLength;
  }
}

/** `target` if it is large enough, else a larger buffer, holding `source[start..end)`. */
function copyInto(
  target: Buffer,
  source: Buffer,
  start: number,
  end: number,
): Buffer {
  const length = end - start;
  const into =
    length <= target.length
      ? target
      : Buffer.allocUnsafe(
          Math.min(MAX_SHAPE_BYTES, Math.max(length, target.length * 2)),
        );
  source.copy(into, 0, start, end);
  return into;
}

/** Whether `buffer[at..at+length)` equals the first `length` bytes of `expected`. */
function same(
  buffer: Buffer,
  at: number,
  expected: Buffer,
  length: number,
): boolean {
  if (length >= NATIVE_COMPARE_FROM)
    return buffer.compare(expected, 0, length, at, at + length) === 0;
  for (let i = 0; i < length; i++) {
    if (buffer[at + i] !== expected[i]) return false;
  }
  return true;
}
