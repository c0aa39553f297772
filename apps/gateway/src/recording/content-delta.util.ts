/** A JSON string's body: no quote, backslash or control character unless escaped. */
const STRING = String.raw`"(?:[^"\\\u0000-\u001f]|\\.)*"`;
const SCALAR = String.raw`(?:${STRING}|-?(?:0|[1-9]\d*)|null|true|false)`;
/** A top-level field other than `choices`, whose value is a scalar. */
const OTHER_FIELD = String.raw`"(?!choices")[a-z_]+":${SCALAR}`;
/** Fields of a choice that say nothing while they are null. */
const NULL_CHOICE_FIELD = String.raw`"(?:logprobs|finish_reason|stop_reason)":null`;

/**
 * One compact chat completion chunk whose single choice carries nothing but a content delta,
 * as OpenAI-compatible servers send for almost every event of a stream. Anything else, even
 * an equivalent chunk written with whitespace or in another key order, does not match.
 */
const PLAIN_CONTENT_DELTA = new RegExp(
  String.raw`^\{(?:${OTHER_FIELD},)*"choices":\[\{(?:"index":\d+,)?` +
    String.raw`"delta":\{"content":(${STRING})\}(?:,${NULL_CHOICE_FIELD})*\}\]` +
    String.raw`(?:,${OTHER_FIELD})*\}$`,
);

/**
 * The content of a chat chunk that carries only a content delta: no usage, finish reason,
 * tool call or error, so that what the chunk tells is its text alone. Null for any other
 * event, which must then be parsed in full. Matching costs a fraction of JSON.parse, and
 * most events of a stream are such chunks.
 */
export function plainContentDelta(data: string): string | null {
  // `"error"` is a key or a value there (inside strings quotes are escaped): an error event.
  if (data.includes('"error"')) return null;
  const match = PLAIN_CONTENT_DELTA.exec(data);
  if (!match) return null;
  const literal = match[1];
  if (!literal.includes('\\')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    // An invalid escape makes the whole event invalid JSON.
    return null;
  }
}
