import type { Endpoint } from '@app/persistence';
import {
  asObject,
  JsonObject,
  parseJsonObject,
  stringOrNull,
} from './payload-fields.util';
import { bodyUserOf } from '../attribution/request-user';
import { promptTextOf } from './prompt-text.util';

/** What the gateway needs to know about an inference request body. */
export interface RequestInfo {
  /** The body parsed as a JSON object. */
  json: boolean;
  model: string | null;
  stream: boolean;
  /** `stream_options.include_usage === true`: the client asked for usage itself. */
  includeUsage: boolean;
  hasStreamOptions: boolean;
  /** Messages, input items or prompts, depending on the endpoint. */
  messageCount: number | null;
  /** The body's `user`, else its `safety_identifier`. */
  user: string | null;
  /** The prompt's text for token estimation, built on first call. */
  promptText: () => string;
}

const NOT_JSON: RequestInfo = Object.freeze({
  json: false,
  model: null,
  stream: false,
  includeUsage: false,
  hasStreamOptions: false,
  messageCount: null,
  user: null,
  promptText: () => '',
});

/** Never throws: a malformed body is the backend's to reject. */
export function inspectRequest(endpoint: Endpoint, body: Buffer): RequestInfo {
  const payload = parseJsonObject(body.toString('utf8'));
  if (!payload) return NOT_JSON;
  let promptText: string | undefined;
  return {
    json: true,
    model: stringOrNull(payload.model),
    stream: payload.stream === true,
    includeUsage: asObject(payload.stream_options)?.include_usage === true,
    hasStreamOptions: Object.hasOwn(payload, 'stream_options'),
    messageCount: countMessages(endpoint, payload),
    user: bodyUserOf(payload),
    promptText: () => (promptText ??= promptTextOf(endpoint, payload)),
  };
}

function countMessages(endpoint: Endpoint, payload: JsonObject): number | null {
  switch (endpoint) {
    case 'chat.completions':
      return Array.isArray(payload.messages) ? payload.messages.length : null;
    case 'responses':
      return countInputs(payload.input, false);
    case 'completions':
      return countInputs(payload.prompt, true);
    case 'embeddings':
      return countInputs(payload.input, true);
    case 'realtime':
      return null;
  }
}

/** A string is one input; so is an array of token ids where the API accepts them. */
function countInputs(value: unknown, tokenArrays: boolean): number | null {
  if (typeof value === 'string') return 1;
  if (!Array.isArray(value)) return null;
  return tokenArrays && typeof value[0] === 'number' ? 1 : value.length;
}

const INCLUDE_USAGE = Buffer.from('"stream_options":{"include_usage":true}');
const INCLUDE_USAGE_COMMA = Buffer.from(
  '"stream_options":{"include_usage":true},',
);
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * A body that makes a chat/completions backend report usage at the end of a stream.
 * Only for those two endpoints (the responses API rejects `stream_options.include_usage`
 * and always reports usage). Non-streaming, non-JSON and already-asking bodies are
 * returned as they are.
 */
export function withIncludeUsage(body: Buffer, info: RequestInfo): Buffer {
  if (!info.json || !info.stream || info.includeUsage) return body;
  if (!info.hasStreamOptions) return spliceIncludeUsage(body);
  const payload = parseJsonObject(body.toString('utf8'));
  if (!payload) return body;
  const options = asObject(payload.stream_options);
  payload.stream_options = { ...options, include_usage: true };
  try {
    return Buffer.from(JSON.stringify(payload));
  } catch {
    // JSON.stringify recurses and runs out of stack on nesting that JSON.parse accepted;
    // such a body goes as it came, without usage asked for.
    return body;
  }
}

/** Inserts the key after the opening brace so the rest passes byte for byte. */
function spliceIncludeUsage(body: Buffer): Buffer {
  let open = skipWhitespace(body, hasUtf8Bom(body) ? 3 : 0);
  if (body[open] !== OPEN_BRACE) return body;
  open++;
  const isEmpty = body[skipWhitespace(body, open)] === CLOSE_BRACE;
  return Buffer.concat([
    body.subarray(0, open),
    isEmpty ? INCLUDE_USAGE : INCLUDE_USAGE_COMMA,
    body.subarray(open),
  ]);
}

function hasUtf8Bom(body: Buffer): boolean {
  return body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
}

function skipWhitespace(body: Buffer, from: number): number {
  let i = from;
  while (i < body.length && isJsonWhitespace(body[i])) i++;
  return i;
}

function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
