import type {
  Breakdown,
  BreakdownFigures,
  BreakdownQuery,
} from '@app/persistence';
import type { ApiKeyNames } from '../common/api-key-names/api-key-names';
import { appliedWindow } from '../metrics/metrics-response.mapper';
import type {
  BreakdownResponseDto,
  BreakdownRowDto,
} from './dto/breakdown-response.dto';

/** The reader's breakdown as the API shows it, with key names for by=api_key. */
export function toBreakdownResponse(
  breakdown: Breakdown,
  query: BreakdownQuery,
  names: ApiKeyNames,
): BreakdownResponseDto {
  const nameOf = (value: string | null) =>
    query.by === 'api_key' ? names.nameOf(value) : null;
  const row = (figures: BreakdownFigures) => toRow(figures, nameOf);
  return {
    by: query.by,
    sort: query.sort,
    top: query.top,
    window: appliedWindow(query.window),
    distinct_values: breakdown.distinctValues,
    rows: breakdown.rows.map(row),
    other: breakdown.other && row(breakdown.other),
    none: breakdown.none && row(breakdown.none),
  };
}

function toRow(
  figures: BreakdownFigures,
  nameOf: (value: string | null) => string | null,
): BreakdownRowDto {
  return {
    value: figures.value,
    name: nameOf(figures.value),
    requests: figures.requests,
    failed_requests: figures.failedRequests,
    prompt_tokens: figures.promptTokens,
    completion_tokens: figures.completionTokens,
    total_tokens: figures.totalTokens,
    cost_usd: figures.costUsd,
    priced_requests: figures.pricedRequests,
    unpriced_requests: figures.unpricedRequests,
    avg_response_time_ms: figures.avgResponseTimeMs,
    p50_response_time_ms: figures.p50ResponseTimeMs,
    p95_response_time_ms: figures.p95ResponseTimeMs,
    avg_time_to_first_token_ms: figures.avgTimeToFirstTokenMs,
    p50_time_to_first_token_ms: figures.p50TimeToFirstTokenMs,
    p95_time_to_first_token_ms: figures.p95TimeToFirstTokenMs,
    avg_tokens_per_second: figures.avgTokensPerSecond,
  };
}
