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

/** One inference request as the gateway saw it; what the writer stores. */
export interface RequestRecordInput {
  /** Arrival of the request at the gateway. */
  timestamp: Date;
  endpoint: Endpoint;
  model: string | null;
  origin: string | null;
  isStreaming: boolean;
  success: boolean;
  /** HTTP status sent to the client; null when none was sent. */
  statusCode: number | null;
  errorType: ErrorType | null;
  /** Backend error code and a truncated message; never credentials or prompts. */
  errorMessage: string | null;
  finishReason: string | null;
  messageCount: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** The text and audio parts of the prompt and completion tokens, where the backend says. */
  promptTextTokens?: number | null;
  promptAudioTokens?: number | null;
  completionTextTokens?: number | null;
  completionAudioTokens?: number | null;
  /** True when the counts come from the gateway's tokenizer, not the backend. */
  tokensEstimated: boolean;
  timeToFirstTokenMs: number | null;
  timeToLastTokenMs: number | null;
  responseTimeMs: number | null;
  tokensPerSecond: number | null;
  requestId: string | null;
}
