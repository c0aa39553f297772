/**
 * Generated text is kept only to estimate tokens when a backend reports no usage; 1 MiB of
 * UTF-8 is a few hundred thousand tokens, a sample large enough to scale from.
 */
export const MAX_GENERATED_TEXT = 1024 * 1024;

const INITIAL_CAPACITY = 1024;

/**
 * Collects generated text as UTF-8 bytes, up to a cap, in one buffer that doubles as it
 * fills: appending copies bytes and allocates nothing per fragment. The text is decoded once,
 * when asked for. Past the cap it only counts the bytes it dropped.
 */
export class TextAccumulator {
  private bytes = Buffer.alloc(0);
  private length = 0;
  private seen = 0;

  constructor(private readonly limit = MAX_GENERATED_TEXT) {}

  /** Appends the bytes `source[start..end)`, which are UTF-8 text. */
  appendBytes(source: Buffer, start: number, end: number): void {
    const size = end - start;
    this.seen += size;
    const taken = Math.min(size, this.limit - this.length);
    if (taken <= 0) return;
    this.reserve(taken);
    const bytes = this.bytes;
    let at = this.length;
    // Deltas are a few bytes: a loop beats a call into native code for each.
    if (taken <= 32)
      for (let i = start; i < start + taken; i++) bytes[at++] = source[i];
    else source.copy(bytes, at, start, start + taken);
    this.length += taken;
  }

  append(text: string): void {
    if (text.length === 0) return;
    const size = Buffer.byteLength(text);
    this.seen += size;
    const room = this.limit - this.length;
    if (room <= 0) return;
    this.reserve(Math.min(size, room));
    // Writes whole characters only: a character that would cross the cap is dropped.
    this.length += this.bytes.write(text, this.length, Math.min(size, room));
  }

  get isTruncated(): boolean {
    return this.seen > this.length;
  }

  /** Bytes given, kept or not, over bytes kept: 1 when nothing was dropped. */
  get scale(): number {
    return this.length === 0 ? 1 : this.seen / this.length;
  }

  /** Bytes of memory it holds: never more than the cap. */
  get capacity(): number {
    return this.bytes.length;
  }

  /** A cut at the cap may split a character; it decodes as U+FFFD. */
  toString(): string {
    return this.bytes.toString('utf8', 0, this.length);
  }

  private reserve(size: number): void {
    const needed = this.length + size;
    if (needed <= this.bytes.length) return;
    let capacity = Math.max(this.bytes.length * 2, INITIAL_CAPACITY);
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.allocUnsafe(Math.min(capacity, this.limit));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}
