import type {
  LatencySummary,
  MetricsSummary,
  Percentiles,
  TimeWindow,
} from '@app/persistence';
import type { ApiKeyNames } from '../common/api-key-names/api-key-names';
import type { LatencyBreakdownDto, PercentilesDto } from './dto/latency.dto';
import type {
  AppliedWindowDto,
  MetricsResponseDto,
} from './dto/metrics-response.dto';

/** The reader's summary as the API shows it: snake_case, and 0 where nothing was measured. */
export function toMetricsResponse(
  summary: MetricsSummary,
  window: TimeWindow,
  now: Date,
  names: ApiKeyNames,
): MetricsResponseDto {
  return {
    ...seedFields(summary, now),
    ...newFields(summary),
    ...costFields(summary, names),
    window: appliedWindow(window),
  };
}

/** Who spent what: cost, and the users and keys with the most requests. */
function costFields(summary: MetricsSummary, names: ApiKeyNames) {
  return {
    total_cost_usd: summary.totalCostUsd,
    priced_requests: summary.pricedRequests,
    unpriced_requests: summary.unpricedRequests,
    top_users: summary.topUsers.map(({ value, count }) => ({
      user: value,
      count,
    })),
    top_api_keys: summary.topApiKeys.map(({ value, count }) => ({
      api_key_id: value,
      name: names.nameOf(value),
      count,
    })),
  };
}

/** The fields of the seed's contract, in its order. */
function seedFields(summary: MetricsSummary, now: Date) {
  return {
    total_requests: summary.totalRequests,
    successful_requests: summary.successfulRequests,
    failed_requests: summary.failedRequests,
    recent_requests_24h: summary.recentRequests24h,
    streaming_requests: summary.streamingRequests,
    non_streaming_requests: summary.nonStreamingRequests,
    total_tokens_used: summary.totalTokensUsed,
    avg_tokens_per_request: summary.avgTokensPerRequest,
    avg_response_time_ms: summary.avgResponseTimeMs,
    avg_tokens_per_second: summary.avgTokensPerSecond,
    ...rankedLists(summary),
    timestamp: now.toISOString(),
  };
}

function rankedLists(summary: MetricsSummary) {
  return {
    top_models: summary.topModels.map(({ value, count }) => ({
      model: value,
      count,
    })),
    top_origins: summary.topOrigins.map(({ value, count }) => ({
      origin: value,
      count,
    })),
    finish_reasons: summary.finishReasons.map(({ value, count }) => ({
      reason: value,
      count,
    })),
    error_types: summary.errorTypes.map(({ value, count }) => ({
      type: value,
      count,
    })),
  };
}

/** The fields added beside the seed's. */
function newFields(summary: MetricsSummary) {
  const { latency } = summary;
  return {
    total_prompt_tokens: summary.totalPromptTokens,
    total_completion_tokens: summary.totalCompletionTokens,
    estimated_token_requests: summary.estimatedTokenRequests,
    estimated_tokens_share: share(
      summary.estimatedTokenRequests,
      summary.totalRequests,
    ),
    avg_time_to_first_token_ms: latency.avgTimeToFirstTokenMs ?? 0,
    time_to_first_token_ms: percentiles(latency.timeToFirstTokenMs),
    response_time_ms: percentiles(latency.responseTimeMs),
    streaming: breakdown(summary.streaming),
    non_streaming: breakdown(summary.nonStreaming),
  };
}

function breakdown(latency: LatencySummary): LatencyBreakdownDto {
  return {
    requests: latency.count,
    avg_time_to_first_token_ms: latency.avgTimeToFirstTokenMs ?? 0,
    time_to_first_token_ms: percentiles(latency.timeToFirstTokenMs),
    avg_response_time_ms: latency.avgResponseTimeMs ?? 0,
    response_time_ms: percentiles(latency.responseTimeMs),
  };
}

function percentiles({ p50, p95, p99 }: Percentiles): PercentilesDto {
  return { p50: p50 ?? 0, p95: p95 ?? 0, p99: p99 ?? 0 };
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

/** The window as applied; a side left open is omitted. */
export function appliedWindow({ start, end }: TimeWindow): AppliedWindowDto {
  return {
    ...(start && { start: start.toISOString() }),
    ...(end && { end: end.toISOString() }),
  };
}
