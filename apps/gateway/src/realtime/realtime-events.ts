import { tokenCount } from '../recording/payload-fields.util';
import type { BackendError } from '../recording/recording.types';

/** Token counts of one response, with the audio and text split when the server gives it. */
export interface RealtimeUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  inputTextTokens: number | null;
  inputAudioTokens: number | null;
  outputTextTokens: number | null;
  outputAudioTokens: number | null;
  /** Input tokens read from the server's cache, within `inputTokens`. */
  cachedTokens: number | null;
}

/** What the recorder needs of a server event; other events are of no interest. */
export type RealtimeEvent =
  | { kind: 'delta'; responseId: string | null }
  | { kind: 'created'; responseId: string | null }
  | {
      kind: 'done';
      responseId: string | null;
      status: string | null;
      error: BackendError | null;
      usage: RealtimeUsage | null;
    }
  | { kind: 'session'; model: string | null }
  | { kind: 'error'; error: BackendError };

/** The first `"type"` of an event: the top-level one, as servers write it first. */
const TYPE = /"type"\s*:\s*"([^"]{1,100})"/;
const RESPONSE_ID = /"response_id"\s*:\s*"([^"\\]{1,200})"/;
const DELTA = /^response\..+\.delta$/;

/**
 * Reads a server event. Deltas (audio among them, the bulk of a session) are recognised from
 * their first bytes without parsing their JSON; the few events that carry what is recorded
 * are parsed whole.
 */
export function readEvent(message: Buffer | string): RealtimeEvent | null {
  // Ids and types are ASCII: latin1 reads them without decoding the whole message.
  const head =
    typeof message === 'string'
      ? message.slice(0, 512)
      : message.toString('latin1', 0, 512);
  const type = TYPE.exec(head.slice(0, 256))?.[1];
  if (type !== undefined && DELTA.test(type)) {
    return { kind: 'delta', responseId: RESPONSE_ID.exec(head)?.[1] ?? null };
  }
  let event: unknown;
  try {
    event = JSON.parse(
      typeof message === 'string' ? message : message.toString('utf8'),
    );
  } catch {
    return null;
  }
  if (!isObject(event)) return null;
  return fromParsed(event);
}

function fromParsed(event: Record<string, unknown>): RealtimeEvent | null {
  const type = event.type;
  if (typeof type === 'string' && DELTA.test(type)) {
    return { kind: 'delta', responseId: stringOf(event.response_id) };
  }
  const response = objectOf(event.response);
  switch (type) {
    case 'response.created':
      return { kind: 'created', responseId: stringOf(response.id) };
    case 'response.done':
      return {
        kind: 'done',
        responseId: stringOf(response.id),
        status: stringOf(response.status),
        error: errorOf(objectOf(response.status_details).error),
        usage: usageOf(response.usage),
      };
    case 'session.created':
    case 'session.updated':
      return {
        kind: 'session',
        model: stringOf(objectOf(event.session).model),
      };
    case 'error':
      return { kind: 'error', error: errorOf(event.error) ?? blankError() };
    default:
      return null;
  }
}

function usageOf(value: unknown): RealtimeUsage | null {
  if (!isObject(value)) return null;
  const input = objectOf(value.input_token_details);
  const output = objectOf(value.output_token_details);
  return {
    inputTokens: tokenCount(value.input_tokens),
    outputTokens: tokenCount(value.output_tokens),
    totalTokens: tokenCount(value.total_tokens),
    inputTextTokens: tokenCount(input.text_tokens),
    inputAudioTokens: tokenCount(input.audio_tokens),
    outputTextTokens: tokenCount(output.text_tokens),
    outputAudioTokens: tokenCount(output.audio_tokens),
    cachedTokens: tokenCount(input.cached_tokens),
  };
}

function errorOf(value: unknown): BackendError | null {
  if (!isObject(value)) return null;
  return {
    code: stringOf(value.code),
    type: stringOf(value.type),
    message: stringOf(value.message),
  };
}

function blankError(): BackendError {
  return { code: null, type: null, message: null };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOf(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
