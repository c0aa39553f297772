import {
  asObject,
  JsonObject,
  readBackendError,
  readUsage,
  stringOrNull,
} from './payload-fields.util';
import type { BackendError, TokenUsage } from './recording.types';

/** What one parsed event of a responses API stream tells. */
export type ResponsesStreamEvent =
  /** Generated output; `text` is null for output that is not text (audio). */
  | { kind: 'delta'; text: string | null }
  /** A terminal event; `response` is null when it carried no response object. */
  | { kind: 'finished'; response: FinishedResponse | null }
  | { kind: 'other' };

export interface FinishedResponse {
  usage: TokenUsage | null;
  finishReason: string | null;
  error: BackendError | null;
}

const TERMINAL_RESPONSE_EVENTS = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

/** Base64 audio is output but not text worth tokenising. */
const NON_TEXT_DELTAS = new Set(['response.audio.delta']);

const OTHER: ResponsesStreamEvent = { kind: 'other' };

export function readResponsesEvent(
  payload: JsonObject,
  eventName: string | undefined,
): ResponsesStreamEvent {
  const type = stringOrNull(payload.type) ?? eventName ?? '';
  if (type.endsWith('.delta')) {
    const delta = payload.delta;
    if (typeof delta !== 'string' || delta.length === 0) return OTHER;
    return { kind: 'delta', text: NON_TEXT_DELTAS.has(type) ? null : delta };
  }
  if (!TERMINAL_RESPONSE_EVENTS.has(type)) return OTHER;
  const response = asObject(payload.response);
  return { kind: 'finished', response: response && readFinished(response) };
}

function readFinished(response: JsonObject): FinishedResponse {
  const reason = stringOrNull(asObject(response.incomplete_details)?.reason);
  const error = asObject(response.error);
  return {
    usage: readUsage(response.usage),
    finishReason: reason ?? stringOrNull(response.status),
    error: error ? readBackendError({ error }) : null,
  };
}
