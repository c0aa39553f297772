import { ApiProperty } from '@nestjs/swagger';
import { ENDPOINTS, ERROR_TYPES } from '@app/persistence';

/** Token counts of one request; null where neither the backend nor the gateway counted. */
export class TokenCountsDto {
  /** Prompt plus completion tokens. @example 150 */
  total: number | null;

  /** Tokens in the prompt. @example 100 */
  prompt: number | null;

  /** Tokens generated. @example 50 */
  completion: number | null;
}

/**
 * One recorded request. The fields of the seed's contract come first; a figure that was not
 * measured (e.g. time to first token of a failed request) is null.
 */
export class CompletionRequestDto {
  /** Arrival at the gateway, ISO 8601 UTC. @example 2024-01-15T10:30:00.000Z */
  timestamp: string;

  /** Milliseconds from arrival to the first token. @example 150 */
  time_to_first_token_ms: number | null;

  /** Milliseconds from arrival to the last token. @example 2500 */
  time_to_last_token_ms: number | null;

  /** Whether the answer was streamed. @example true */
  is_streaming: boolean;

  /** Whether the request succeeded. @example true */
  success: boolean;

  /** Messages (or input items) in the request. @example 5 */
  message_count: number | null;

  /** Tokens in the prompt (same as tokens.prompt). @example 100 */
  prompt_tokens: number | null;

  /** Token counts. */
  tokens: TokenCountsDto;

  /** Record id; pass it as before_id to list the requests after it. @example 1234 */
  id: number;

  /** The endpoint called. */
  @ApiProperty({ enum: ENDPOINTS, example: 'chat.completions' })
  endpoint: string;

  /** Model requested. @example gpt-4 */
  model: string | null;

  /** Who sent the request: Origin or Referer host, X-Client-Name, or User-Agent product. @example custom-client */
  origin: string | null;

  /** HTTP status sent to the client; null when none was sent. @example 200 */
  status_code: number | null;

  /** Finish reason reported by the backend. @example stop */
  finish_reason: string | null;

  /** Why the request failed; null when it succeeded. */
  @ApiProperty({ enum: ERROR_TYPES, nullable: true, example: null })
  error_type: string | null;

  /** Milliseconds from arrival to the end of the answer. @example 2600 */
  response_time_ms: number | null;

  /** Completion tokens per second while generating. @example 20.5 */
  tokens_per_second: number | null;

  /** Whether the token counts were estimated by the gateway. @example false */
  tokens_estimated: boolean;

  /** X-Request-Id of the request: the client's, or one the gateway made up. @example req-42 */
  request_id: string | null;

  /** Prompt tokens that were text, where the backend says (Realtime sessions). @example 20 */
  prompt_text_tokens: number | null;

  /** Prompt tokens that were audio, where the backend says (Realtime sessions). @example 80 */
  prompt_audio_tokens: number | null;

  /** Completion tokens that were text, where the backend says (Realtime sessions). @example 10 */
  completion_text_tokens: number | null;

  /** Completion tokens that were audio, where the backend says (Realtime sessions). @example 40 */
  completion_audio_tokens: number | null;

  /** Who the request was for: X-Gateway-User, else the body's user or safety_identifier. @example alice@example.com */
  user: string | null;

  /** Fingerprint of the API key it was sent with (never the key). @example 0123456789abcdef */
  api_key_id: string | null;

  /** The key's readable name from API_KEY_NAMES, when it has one. @example search team */
  api_key_name: string | null;

  /** X-Gateway-Tag-<name> headers, name to value; {} when none. @example {"team":"search"} */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { team: 'search' },
  })
  tags: Record<string, string>;

  /** Price in USD at the time of the request; null when the model has no price. @example 0.00042 */
  cost_usd: number | null;

  /** Whether the cost came from estimated token counts. @example false */
  cost_estimated: boolean;

  /** Prompt tokens the backend served from its prompt cache, when it said. @example 64 */
  cached_prompt_tokens: number | null;

  /**
   * The model the backend named in its answer (e.g. a dated snapshot of the alias asked for);
   * null when it named none. @example gpt-4o-2024-08-06
   */
  response_model: string | null;
}
