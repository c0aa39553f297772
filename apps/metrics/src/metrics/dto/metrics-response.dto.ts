import { ApiProperty } from '@nestjs/swagger';
import { LatencyBreakdownDto, PercentilesDto } from './latency.dto';
import {
  ApiKeyCountDto,
  ErrorTypeCountDto,
  FinishReasonCountDto,
  ModelCountDto,
  OriginCountDto,
  UserCountDto,
} from './ranked-values.dto';

/** The window the figures cover, as applied; a side left open is omitted. */
export class AppliedWindowDto {
  /** Start, inclusive, ISO 8601 UTC. @example 2024-01-01T00:00:00.000Z */
  start?: string;

  /** End, exclusive, ISO 8601 UTC. @example 2024-01-02T00:00:00.000Z */
  end?: string;
}

/**
 * Aggregates over the requested window. The fields of the seed's contract come first; an
 * empty window answers zeros and empty lists, never nulls.
 */
export class MetricsResponseDto {
  /** Requests in the window. @example 150 */
  total_requests: number;

  /** Requests that succeeded. @example 145 */
  successful_requests: number;

  /** Requests that failed (total_requests - successful_requests). @example 5 */
  failed_requests: number;

  /** Requests of the window that arrived in the 24 hours before now. @example 25 */
  recent_requests_24h: number;

  /** Requests answered as a stream. @example 80 */
  streaming_requests: number;

  /** Requests answered in one body (total_requests - streaming_requests). @example 70 */
  non_streaming_requests: number;

  /** Sum of total tokens (prompt + completion) over the requests that have counts. @example 15000 */
  total_tokens_used: number;

  /** Mean total tokens over the requests that have token counts. @example 100 */
  avg_tokens_per_request: number;

  /** Mean response time in ms over the requests that have one. @example 1250.5 */
  avg_response_time_ms: number;

  /** Mean of the per-request output tokens per second, where known. @example 2.5 */
  avg_tokens_per_second: number;

  /** Models by number of requests, most first. */
  top_models: ModelCountDto[];

  /** Origins by number of requests, most first. */
  top_origins: OriginCountDto[];

  /** Finish reasons by number of requests, most first. */
  finish_reasons: FinishReasonCountDto[];

  /** Error types by number of failed requests, most first. */
  error_types: ErrorTypeCountDto[];

  /** When the figures were computed ("now"), ISO 8601 UTC. @example 2024-01-15T10:30:00.000Z */
  timestamp: string;

  /** Sum of prompt tokens. @example 9000 */
  total_prompt_tokens: number;

  /** Sum of completion tokens. @example 6000 */
  total_completion_tokens: number;

  /** Requests whose token counts were estimated by the gateway, not reported by the backend. @example 15 */
  estimated_token_requests: number;

  /** estimated_token_requests / total_requests, from 0 to 1. @example 0.1 */
  estimated_tokens_share: number;

  /** Mean time to first token in ms over the requests that have one. @example 180.5 */
  avg_time_to_first_token_ms: number;

  /** Percentiles of time to first token over all requests that have one. */
  time_to_first_token_ms: PercentilesDto;

  /** Percentiles of response time over all requests that have one. */
  response_time_ms: PercentilesDto;

  /** The latency figures of streaming requests alone. */
  streaming: LatencyBreakdownDto;

  /** The latency figures of non-streaming requests alone. */
  non_streaming: LatencyBreakdownDto;

  /** Cost in USD of the priced requests; the unpriced ones are not in it (never taken as $0). @example 12.345 */
  total_cost_usd: number;

  /** Requests whose model had a price. @example 140 */
  priced_requests: number;

  /** Requests whose model had no price (cost_usd null). @example 10 */
  unpriced_requests: number;

  /** Users by number of requests, most first. */
  top_users: UserCountDto[];

  /** API keys by number of requests, most first, with their names. */
  top_api_keys: ApiKeyCountDto[];

  /** The window applied. */
  @ApiProperty({ example: { start: '2024-01-01T00:00:00.000Z' } })
  window: AppliedWindowDto;
}
