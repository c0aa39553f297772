import { ApiProperty } from '@nestjs/swagger';
import { BREAKDOWN_SORTS, type BreakdownSort } from '@app/persistence';
import { AppliedWindowDto } from '../../metrics/dto/metrics-response.dto';

/**
 * The figures of one value of the dimension, or of several (`other`, `none`). Averages and
 * percentiles are over the requests that have the value, 0 when none has; percentiles are
 * nearest-rank, read from latency histograms as in /metrics.
 */
export class BreakdownRowDto {
  /** The value; null for `other` and `none`. @example alice */
  @ApiProperty({ type: String, nullable: true, example: 'alice' })
  value: string | null;

  /** For by=api_key, the key's name from API_KEY_NAMES; otherwise null. @example null */
  @ApiProperty({ type: String, nullable: true, example: null })
  name: string | null;

  /** Requests in the window. @example 12 */
  requests: number;

  /** Requests that failed. @example 1 */
  failed_requests: number;

  /** Sum of prompt tokens. @example 1200 */
  prompt_tokens: number;

  /** Sum of completion tokens. @example 800 */
  completion_tokens: number;

  /** Sum of total tokens. @example 2000 */
  total_tokens: number;

  /** Cost in USD of the priced requests (the unpriced ones are not in it). @example 0.0123 */
  cost_usd: number;

  /** Requests whose model had a price. @example 11 */
  priced_requests: number;

  /** Requests whose model had no price. @example 1 */
  unpriced_requests: number;

  /** Mean response time in ms. @example 812.5 */
  avg_response_time_ms: number;

  /** Median response time in ms. @example 700 */
  p50_response_time_ms: number;

  /** 95th percentile of response time in ms. @example 1900 */
  p95_response_time_ms: number;

  /** Mean time to first token in ms. @example 150.2 */
  avg_time_to_first_token_ms: number;

  /** Median time to first token in ms. @example 120 */
  p50_time_to_first_token_ms: number;

  /** 95th percentile of time to first token in ms. @example 400 */
  p95_time_to_first_token_ms: number;

  /** Mean of the per-request output tokens per second, where known. @example 42.1 */
  avg_tokens_per_second: number;
}

/** One row per value of a dimension over a window. */
export class BreakdownResponseDto {
  /** The dimension, as asked. @example user */
  by: string;

  /** What ranks the rows, most first. */
  @ApiProperty({ enum: BREAKDOWN_SORTS, example: 'requests' })
  sort: BreakdownSort;

  /** How many rows were asked for. @example 10 */
  top: number;

  /** The window applied. */
  @ApiProperty({ example: { start: '2024-01-01T00:00:00.000Z' } })
  window: AppliedWindowDto;

  /** Values of the dimension in the window. @example 1234 */
  distinct_values: number;

  /** The top values by sort, ties by value; with `value`, that value's row alone (if any). */
  rows: BreakdownRowDto[];

  /** The sum of every value beyond top; null when there is none (and with `value`). */
  @ApiProperty({ type: BreakdownRowDto, nullable: true })
  other: BreakdownRowDto | null;

  /** The window's requests with no value for the dimension; null when there are none. */
  @ApiProperty({ type: BreakdownRowDto, nullable: true })
  none: BreakdownRowDto | null;
}
