import type { RequestRecordEntity } from '@app/persistence';
import type { CompletionRequestDto } from './dto/completion-request.dto';

/** A stored record as the API shows it: the seed's fields first, snake_case, ISO 8601 UTC. */
export function toCompletionRequest(
  record: RequestRecordEntity,
): CompletionRequestDto {
  return {
    timestamp: record.timestampMs.toISOString(),
    time_to_first_token_ms: record.timeToFirstTokenMs,
    time_to_last_token_ms: record.timeToLastTokenMs,
    is_streaming: record.isStreaming,
    success: record.success,
    message_count: record.messageCount,
    prompt_tokens: record.promptTokens,
    tokens: {
      total: record.totalTokens,
      prompt: record.promptTokens,
      completion: record.completionTokens,
    },
    id: record.id,
    endpoint: record.endpoint,
    model: record.model,
    origin: record.origin,
    status_code: record.statusCode,
    finish_reason: record.finishReason,
    error_type: record.errorType,
    response_time_ms: record.responseTimeMs,
    tokens_per_second: record.tokensPerSecond,
    tokens_estimated: record.tokensEstimated,
    request_id: record.requestId,
  };
}
