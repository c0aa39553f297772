import type {
  BucketPercentiles,
  TimeseriesBucket,
  TimeWindow,
} from '@app/persistence';
import type { BucketPlan } from './bucket-plan';
import type {
  BucketPercentilesDto,
  TimeseriesPointDto,
  TimeseriesResponseDto,
} from './dto/timeseries-response.dto';

/** A window with both sides known. */
export type ResolvedWindow = Required<TimeWindow>;

/** Every bucket of the plan, those without requests filled with zeros, so charts have no gaps. */
export function toTimeseriesResponse(
  buckets: TimeseriesBucket[],
  plan: BucketPlan,
  window: ResolvedWindow,
): TimeseriesResponseDto {
  const byStart = new Map(buckets.map((bucket) => [bucket.startMs, bucket]));
  const points = Array.from({ length: plan.count }, (_, index) => {
    const startMs = plan.firstMs + index * plan.ms;
    return toPoint(startMs, byStart.get(startMs));
  });
  return {
    bucket: plan.name,
    bucket_ms: plan.ms,
    start: window.start.toISOString(),
    end: window.end.toISOString(),
    points,
  };
}

function toPoint(
  startMs: number,
  bucket: TimeseriesBucket | undefined,
): TimeseriesPointDto {
  return {
    timestamp: new Date(startMs).toISOString(),
    total_requests: bucket?.totalRequests ?? 0,
    successful_requests: bucket?.successfulRequests ?? 0,
    failed_requests: bucket?.failedRequests ?? 0,
    total_tokens: bucket?.totalTokens ?? 0,
    prompt_tokens: bucket?.promptTokens ?? 0,
    completion_tokens: bucket?.completionTokens ?? 0,
    avg_tokens_per_second: bucket?.avgTokensPerSecond ?? 0,
    avg_response_time_ms: bucket?.avgResponseTimeMs ?? 0,
    response_time_ms: percentiles(bucket?.responseTimeMs),
    avg_time_to_first_token_ms: bucket?.avgTimeToFirstTokenMs ?? 0,
    time_to_first_token_ms: percentiles(bucket?.timeToFirstTokenMs),
    cost_usd: bucket?.costUsd ?? 0,
    unpriced_requests: bucket?.unpricedRequests ?? 0,
  };
}

function percentiles(value?: BucketPercentiles): BucketPercentilesDto {
  return { p50: value?.p50 ?? 0, p95: value?.p95 ?? 0 };
}
