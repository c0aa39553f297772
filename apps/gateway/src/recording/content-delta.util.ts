import {
  ContentDeltaShape,
  type ContentDeltaFields,
} from './content-delta-shape';
import { JsonByteCursor } from './json-byte-cursor';

const QUOTE = 0x22;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LOWER_A = 0x61;
const LOWER_Z = 0x7a;
const UNDERSCORE = 0x5f;

const DONE = Buffer.from('[DONE]');
const CHOICES = Buffer.from('choices');
const USAGE = Buffer.from('usage');
const LOWER_N = 0x6e;
const ERROR = Buffer.from('error');
const CHOICE_OPEN = Buffer.from('[{');
const INDEX = Buffer.from('"index":');
const DELTA_CONTENT = Buffer.from('"delta":{"content":');
const CHOICE_CLOSE = Buffer.from('}]');
/** Fields of a choice that say nothing while they are null. */
const NULL_CHOICE_FIELDS = [
  Buffer.from('"logprobs":null'),
  Buffer.from('"finish_reason":null'),
  Buffer.from('"stop_reason":null'),
];
const LITERALS = [
  Buffer.from('null'),
  Buffer.from('true'),
  Buffer.from('false'),
];

/**
 * Recognises, byte by byte, one compact chat completion chunk whose single choice carries
 * nothing but a content delta, as OpenAI-compatible servers send for almost every event of a
 * stream: `{<scalar fields>,"choices":[{"index":0,"delta":{"content":"…"},"logprobs":null,
 * "finish_reason":null}],<scalar fields>}`. No usage, finish reason, tool call or error, so
 * the chunk tells its text alone. Anything else, even an equivalent chunk written with
 * whitespace or in another key order, does not match and must be parsed in full.
 *
 * Neither the event nor its content is decoded: a match leaves the content's bytes (between
 * its quotes, escapes as sent) in `contentStart`..`contentEnd`. One instance serves a whole
 * stream; nothing is allocated per event. A chunk recognised by its shape has the same bytes
 * outside its content as one walked in full before it (`id`, `model` and the like included):
 * a field read while walking holds for every chunk of that shape.
 */
export class ContentDeltaMatcher extends JsonByteCursor {
  contentStart = 0;
  contentEnd = 0;
  /** The content has backslash escapes: its bytes are JSON, not yet text. */
  escaped = false;
  /**
   * Where the `"usage":null` field of a matched chunk starts (its first quote) and ends, so
   * that it can be cut without searching for it; -1 when there is none, -2 for several.
   */
  nullUsageStart = -1;
  nullUsageEnd = -1;
  private readonly shape = new ContentDeltaShape();

  /**
   * Whether `buffer[start..end)` is a content-only chunk. One shaped like the last chunk that
   * matched is recognised by comparing bytes; any other is walked in full.
   */
  match(buffer: Buffer, start: number, end: number): boolean {
    if (this.shape.fits(buffer, start, end, this)) return true;
    if (!this.matchFully(buffer, start, end)) return false;
    this.shape.remember(buffer, start, end, this);
    return true;
  }

  private matchFully(buffer: Buffer, start: number, end: number): boolean {
    this.reset(buffer, start, end);
    this.nullUsageStart = -1;
    if (!this.byte(OPEN_BRACE)) return false;
    let sawChoices = false;
    do {
      const keyStart = this.pos + 1;
      if (!this.key()) return false;
      const keyEnd = this.pos - 2;
      if (this.is(keyStart, keyEnd, CHOICES)) {
        if (sawChoices || !this.choice()) return false;
        sawChoices = true;
      } else if (this.is(keyStart, keyEnd, ERROR) || !this.scalar()) {
        return false;
      } else if (this.is(keyStart, keyEnd, USAGE)) {
        this.noteUsage(keyStart - 1, keyEnd + 2);
      }
    } while (this.byte(COMMA));
    return this.byte(CLOSE_BRACE) && this.pos === this.end && sawChoices;
  }

  private noteUsage(fieldStart: number, valueStart: number): void {
    const isNull =
      this.pos - valueStart === 4 && this.buffer[valueStart] === LOWER_N;
    if (!isNull) return;
    this.nullUsageStart = this.nullUsageStart === -1 ? fieldStart : -2;
    this.nullUsageEnd = this.pos;
  }

  /** `[{("index":N,)?"delta":{"content":"…"}(,<null field>)*}]` */
  private choice(): boolean {
    if (!this.bytes(CHOICE_OPEN)) return false;
    if (this.bytes(INDEX) && !(this.digits() && this.byte(COMMA))) return false;
    if (!this.bytes(DELTA_CONTENT)) return false;
    const contentStart = this.pos + 1;
    if (!this.string()) return false;
    this.contentStart = contentStart;
    this.contentEnd = this.pos - 1;
    this.escaped = this.lastStringEscaped;
    if (!this.byte(CLOSE_BRACE)) return false;
    while (this.byte(COMMA)) {
      if (!this.oneOf(NULL_CHOICE_FIELDS)) return false;
    }
    return this.bytes(CHOICE_CLOSE);
  }

  /** `"[a-z_]+":` */
  private key(): boolean {
    if (!this.byte(QUOTE)) return false;
    const start = this.pos;
    const { buffer, end } = this;
    while (this.pos < end) {
      const b = buffer[this.pos];
      if ((b < LOWER_A || b > LOWER_Z) && b !== UNDERSCORE) break;
      this.pos++;
    }
    return this.pos > start && this.byte(QUOTE) && this.byte(COLON);
  }

  /** A string, a number without fraction or exponent, null, true or false. */
  private scalar(): boolean {
    const b = this.buffer[this.pos];
    if (b === QUOTE) {
      const start = this.pos + 1;
      // `"object":"error"` and the like mark an error event.
      return this.string() && !this.is(start, this.pos - 1, ERROR);
    }
    if (b === MINUS || (b >= ZERO && b <= NINE)) return this.number();
    return this.oneOf(LITERALS);
  }
}

/**
 * The text of a content-only chat chunk, or null for any other event (see
 * {@link ContentDeltaMatcher}); decodes, for callers that hold the event as a string.
 */
export function plainContentDelta(data: string): string | null {
  const bytes = Buffer.from(data);
  const matcher = new ContentDeltaMatcher();
  if (!matcher.match(bytes, 0, bytes.length)) return null;
  return contentText(bytes, matcher);
}

/** The matched content as text; null when its escapes are not valid JSON. */
export function contentText(
  buffer: Buffer,
  fields: ContentDeltaFields,
): string | null {
  const { contentStart, contentEnd } = fields;
  if (!fields.escaped) return buffer.toString('utf8', contentStart, contentEnd);
  try {
    return JSON.parse(
      buffer.toString('utf8', contentStart - 1, contentEnd + 1),
    ) as string;
  } catch {
    // An invalid escape makes the whole event invalid JSON.
    return null;
  }
}

/** Whether the bytes are the `[DONE]` that ends an OpenAI stream. */
export function isDoneMarker(
  buffer: Buffer,
  start: number,
  end: number,
): boolean {
  return (
    end - start === DONE.length &&
    buffer.compare(DONE, 0, DONE.length, start, end) === 0
  );
}
