/** The parts of the metrics API's answers the dashboard shows (see the API's OpenAPI document). */

export interface Percentiles {
  p50: number;
  p95: number;
}

export interface Metrics {
  total_requests: number;
  successful_requests: number;
  failed_requests: number;
  streaming_requests: number;
  non_streaming_requests: number;
  total_tokens_used: number;
  total_prompt_tokens: number;
  total_completion_tokens: number;
  avg_tokens_per_request: number;
  estimated_tokens_share: number;
  avg_response_time_ms: number;
  response_time_ms: Percentiles;
  avg_time_to_first_token_ms: number;
  time_to_first_token_ms: Percentiles;
  avg_tokens_per_second: number;
  total_cost_usd: number;
  priced_requests: number;
  unpriced_requests: number;
  top_models: { model: string; count: number }[];
  top_origins: { origin: string; count: number }[];
  finish_reasons: { reason: string; count: number }[];
  error_types: { type: string; count: number }[];
}

export type BucketName = '1m' | '5m' | '1h' | '1d';

export interface TimeseriesPoint {
  timestamp: string;
  total_requests: number;
  successful_requests: number;
  failed_requests: number;
  total_tokens: number;
  prompt_tokens: number;
  completion_tokens: number;
  avg_tokens_per_second: number;
  avg_response_time_ms: number;
  response_time_ms: Percentiles;
  avg_time_to_first_token_ms: number;
  time_to_first_token_ms: Percentiles;
  cost_usd: number;
  unpriced_requests: number;
}

export interface Timeseries {
  bucket: BucketName;
  bucket_ms: number;
  start: string;
  end: string;
  points: TimeseriesPoint[];
}

export interface CompletionRequest {
  id: number;
  timestamp: string;
  endpoint: string;
  model: string | null;
  origin: string | null;
  is_streaming: boolean;
  success: boolean;
  status_code: number | null;
  finish_reason: string | null;
  error_type: string | null;
  tokens: { total: number | null };
  time_to_first_token_ms: number | null;
  response_time_ms: number | null;
  tokens_per_second: number | null;
  user: string | null;
  api_key_id: string | null;
  api_key_name: string | null;
  tags: Record<string, string>;
  cost_usd: number | null;
}

/** One value of a dimension in /metrics/breakdown (or the sum beyond the top, or no value). */
export interface BreakdownRow {
  value: string | null;
  /** The readable name of an API key, when it has one. */
  name: string | null;
  requests: number;
  failed_requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost_usd: number;
  priced_requests: number;
  unpriced_requests: number;
  avg_response_time_ms: number;
  p50_response_time_ms: number;
  p95_response_time_ms: number;
  avg_time_to_first_token_ms: number;
  p50_time_to_first_token_ms: number;
  p95_time_to_first_token_ms: number;
  avg_tokens_per_second: number;
}

export interface Breakdown {
  by: string;
  distinct_values: number;
  rows: BreakdownRow[];
  other: BreakdownRow | null;
  none: BreakdownRow | null;
}

export interface TagNames {
  names: { name: string; requests: number }[];
}
