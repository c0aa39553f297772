import { ApiProperty, PickType } from '@nestjs/swagger';
import { PercentilesDto } from '../../metrics/dto/latency.dto';
import { BUCKET_NAMES, type BucketName } from '../bucket-plan';

/**
 * Nearest-rank percentiles in ms over the bucket's requests that have the value; 0 when none.
 * Exact in minute buckets; from latency histograms in hour and day buckets (see /metrics).
 */
export class BucketPercentilesDto extends PickType(PercentilesDto, [
  'p50',
  'p95',
] as const) {}

/** The figures of one bucket; an empty bucket answers zeros. */
export class TimeseriesPointDto {
  /** Start of the bucket, ISO 8601 UTC. @example 2024-01-15T10:00:00.000Z */
  timestamp: string;

  /** Requests in the bucket. @example 12 */
  total_requests: number;

  /** Requests that succeeded. @example 11 */
  successful_requests: number;

  /** Requests that failed. @example 1 */
  failed_requests: number;

  /** Sum of total tokens (prompt + completion). @example 1500 */
  total_tokens: number;

  /** Sum of prompt tokens. @example 900 */
  prompt_tokens: number;

  /** Sum of completion tokens. @example 600 */
  completion_tokens: number;

  /** Mean of the per-request output tokens per second, where known. @example 42.5 */
  avg_tokens_per_second: number;

  /** Mean response time in ms over the requests that have one. @example 820.5 */
  avg_response_time_ms: number;

  /** Percentiles of response time. */
  response_time_ms: BucketPercentilesDto;

  /** Mean time to first token in ms over the requests that have one. @example 180.25 */
  avg_time_to_first_token_ms: number;

  /** Percentiles of time to first token. */
  time_to_first_token_ms: BucketPercentilesDto;

  /** Cost in USD of the bucket's priced requests. @example 0.42 */
  cost_usd: number;

  /** Requests of the bucket whose model had no price (not in cost_usd). @example 3 */
  unpriced_requests: number;
}

/** Figures per time bucket over a window, one point per bucket with no gaps. */
export class TimeseriesResponseDto {
  /** The bucket length applied (what auto chose, if asked). */
  @ApiProperty({ enum: BUCKET_NAMES, example: '1h' })
  bucket: BucketName;

  /** The bucket length in milliseconds. @example 3600000 */
  bucket_ms: number;

  /** Start of the window, inclusive, ISO 8601 UTC: as given, else the earliest request. @example 2024-01-15T00:00:00.000Z */
  start: string;

  /** End of the window, exclusive, ISO 8601 UTC: as given, else now. @example 2024-01-15T10:30:00.000Z */
  end: string;

  /** One point per bucket from the one holding start to the one holding end, oldest first. */
  points: TimeseriesPointDto[];
}
