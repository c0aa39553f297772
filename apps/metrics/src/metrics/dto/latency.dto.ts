/**
 * Nearest-rank percentiles in milliseconds, read from latency histograms: exact below 64 ms and
 * where the values sharing a bin are equal, within 3.2% otherwise; 0 when none is known.
 */
export class PercentilesDto {
  /** Median. @example 250 */
  p50: number;

  /** 95th percentile. @example 900 */
  p95: number;

  /** 99th percentile. @example 1400 */
  p99: number;
}

/** Latency of one kind of request (streaming or not). */
export class LatencyBreakdownDto {
  /** Requests of this kind in the window. @example 80 */
  requests: number;

  /** Mean time to first token over the requests that have one, in ms. @example 180.5 */
  avg_time_to_first_token_ms: number;

  /** Percentiles of time to first token over the requests that have one. */
  time_to_first_token_ms: PercentilesDto;

  /** Mean response time over the requests that have one, in ms. @example 825.25 */
  avg_response_time_ms: number;

  /** Percentiles of response time over the requests that have one. */
  response_time_ms: PercentilesDto;
}
