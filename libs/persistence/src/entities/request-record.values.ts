/** Hex digits of an API key id, the fingerprint the gateway records instead of the key. */
export const API_KEY_ID_LENGTH = 16;

/** The inference endpoints the gateway records, named after the OpenAI SDK's resources. */
export const ENDPOINTS = [
  'chat.completions',
  'completions',
  'responses',
  'embeddings',
  'realtime',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** Why a recorded request failed; the strings are part of the metrics API. */
export const ERROR_TYPES = [
  'rate_limit',
  'invalid_request',
  'authentication',
  'backend_error',
  'backend_unreachable',
  'timeout',
  'client_disconnected',
  'stream_interrupted',
  'invalid_response',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];
