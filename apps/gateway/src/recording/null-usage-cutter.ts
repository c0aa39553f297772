const NULL_USAGE = Buffer.from('"usage":null');
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
const NOT_SEARCHED = -2;

/**
 * Copies events while dropping `"usage":null` from their JSON with the comma that joins it to
 * its neighbour (the one before it, else the one after), leaving every other byte as it was.
 * Inside JSON strings quotes are escaped, so the bytes cannot be part of a text.
 *
 * The search runs over the buffer the events lie in and remembers where the next occurrence
 * is, so a chunk of many events is searched once, not once per event.
 */
export class NullUsageCutter {
  private buffer: Buffer | null = null;
  private next = NOT_SEARCHED;

  /** Copies `source[start..end)` less the field into `target` at `at`; returns the new end. */
  copy(
    source: Buffer,
    start: number,
    end: number,
    target: Buffer,
    at: number,
  ): number {
    let copied = start;
    let found = this.find(source, start);
    while (found !== -1 && found + NULL_USAGE.length <= end) {
      const after = found + NULL_USAGE.length;
      const following = after < end ? source[after] : -1;
      let cut = -1;
      let resume = after;
      if (
        found > copied &&
        source[found - 1] === COMMA &&
        (following === COMMA || following === CLOSE_BRACE)
      ) {
        cut = found - 1;
      } else if (following === COMMA) {
        cut = found;
        resume = after + 1;
      }
      if (cut !== -1) {
        at += source.copy(target, at, copied, cut);
        copied = resume;
      }
      found = this.find(source, resume);
    }
    return at + source.copy(target, at, copied, end);
  }

  /** The first occurrence at or after `from`, or -1. */
  private find(source: Buffer, from: number): number {
    if (source !== this.buffer || (this.next !== -1 && this.next < from)) {
      this.buffer = source;
      this.next = source.indexOf(NULL_USAGE, from);
    }
    return this.next;
  }
}

/** The event's bytes without `"usage":null` (see {@link NullUsageCutter}). */
export function withoutNullUsage(raw: Buffer): Buffer {
  const out = Buffer.allocUnsafe(raw.length);
  const length = new NullUsageCutter().copy(raw, 0, raw.length, out, 0);
  return length === raw.length ? raw : out.subarray(0, length);
}
