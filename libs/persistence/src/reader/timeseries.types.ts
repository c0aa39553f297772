/** Nearest-rank p50 and p95 of one bucket; null when no request in it has the value. */
export interface BucketPercentiles {
  p50: number | null;
  p95: number | null;
}

/** The figures of one time bucket that holds at least one request. */
export interface TimeseriesBucket {
  /** Start of the bucket in epoch milliseconds: a multiple of the bucket length. */
  startMs: number;
  totalRequests: number;
  successfulRequests: number;
  failedRequests: number;
  totalTokens: number;
  promptTokens: number;
  completionTokens: number;
  avgTokensPerSecond: number | null;
  avgResponseTimeMs: number | null;
  responseTimeMs: BucketPercentiles;
  avgTimeToFirstTokenMs: number | null;
  timeToFirstTokenMs: BucketPercentiles;
  /** Sum over the bucket's priced requests. */
  costUsd: number;
  unpricedRequests: number;
}
