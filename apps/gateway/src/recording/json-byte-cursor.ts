const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Reads JSON tokens from bytes in place, without decoding them: the base of matchers that
 * recognise one exact shape of JSON. Methods consume what they match and say whether they did.
 */
export class JsonByteCursor {
  protected buffer: Buffer = Buffer.alloc(0);
  protected pos = 0;
  protected end = 0;
  /** Whether the last string read had backslash escapes. */
  protected lastStringEscaped = false;

  protected reset(buffer: Buffer, start: number, end: number): void {
    this.buffer = buffer;
    this.pos = start;
    this.end = end;
  }

  /** A JSON string: no raw control character, any escaped byte (JSON.parse judges escapes). */
  protected string(): boolean {
    if (!this.byte(QUOTE)) return false;
    const { buffer, end } = this;
    let escaped = false;
    for (let i = this.pos; i < end; i++) {
      const b = buffer[i];
      if (b === QUOTE) {
        this.pos = i + 1;
        this.lastStringEscaped = escaped;
        return true;
      }
      if (b < 0x20) return false;
      if (b === BACKSLASH) {
        escaped = true;
        i++;
      }
    }
    return false;
  }

  protected number(): boolean {
    this.byte(MINUS);
    if (this.byte(ZERO)) return true;
    return this.digits();
  }

  protected digits(): boolean {
    const start = this.pos;
    const { buffer, end } = this;
    while (
      this.pos < end &&
      buffer[this.pos] >= ZERO &&
      buffer[this.pos] <= NINE
    )
      this.pos++;
    return this.pos > start;
  }

  protected byte(expected: number): boolean {
    if (this.pos >= this.end || this.buffer[this.pos] !== expected)
      return false;
    this.pos++;
    return true;
  }

  /** Consumes `literal` when the bytes at the position are exactly it. */
  protected bytes(literal: Buffer): boolean {
    const length = literal.length;
    if (this.end - this.pos < length) return false;
    const { buffer, pos } = this;
    for (let i = 0; i < length; i++) {
      if (buffer[pos + i] !== literal[i]) return false;
    }
    this.pos += length;
    return true;
  }

  protected oneOf(literals: readonly Buffer[]): boolean {
    for (const literal of literals) if (this.bytes(literal)) return true;
    return false;
  }

  protected is(start: number, end: number, name: Buffer): boolean {
    if (end - start !== name.length) return false;
    for (let i = 0; i < name.length; i++) {
      if (this.buffer[start + i] !== name[i]) return false;
    }
    return true;
  }
}
