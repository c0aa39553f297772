import type { RecordRow } from '@app/persistence';
import type { ApiKeyNames } from '../common/api-key-names/api-key-names';
import type { CompletionRequestDto } from './dto/completion-request.dto';

/** A stored record as the API shows it: the seed's fields first, snake_case, ISO 8601 UTC. */
export function toCompletionRequest(
  row: RecordRow,
  names: ApiKeyNames,
): CompletionRequestDto {
  return {
    timestamp: new Date(row.timestamp_ms).toISOString(),
    time_to_first_token_ms: row.time_to_first_token_ms,
    time_to_last_token_ms: row.time_to_last_token_ms,
    is_streaming: row.is_streaming === 1,
    success: row.success === 1,
    message_count: row.message_count,
    prompt_tokens: row.prompt_tokens,
    tokens: {
      total: row.total_tokens,
      prompt: row.prompt_tokens,
      completion: row.completion_tokens,
    },
    id: row.id,
    endpoint: row.endpoint,
    model: row.model,
    origin: row.origin,
    status_code: row.status_code,
    finish_reason: row.finish_reason,
    error_type: row.error_type,
    response_time_ms: row.response_time_ms,
    tokens_per_second: row.tokens_per_second,
    tokens_estimated: row.tokens_estimated === 1,
    request_id: row.request_id,
    prompt_text_tokens: row.prompt_text_tokens,
    prompt_audio_tokens: row.prompt_audio_tokens,
    completion_text_tokens: row.completion_text_tokens,
    completion_audio_tokens: row.completion_audio_tokens,
    user: row.user,
    api_key_id: row.api_key_id,
    api_key_name: names.nameOf(row.api_key_id),
    tags: row.tags,
    cost_usd: row.cost_usd,
    cost_estimated: row.cost_usd !== null && row.tokens_estimated === 1,
    cached_prompt_tokens: row.cached_prompt_tokens,
    response_model: row.response_model,
  };
}
