import type { Endpoint } from './request-record.types';

/** A time window: start inclusive, end exclusive; either side may be open. */
export interface TimeWindow {
  start?: Date;
  end?: Date;
}

export interface RecordFilter extends TimeWindow {
  model?: string;
  endpoint?: Endpoint;
  success?: boolean;
  user?: string;
  apiKeyId?: string;
  /** Tags the record must all carry, as [name, value]. */
  tags?: [string, string][];
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface LatencySummary {
  count: number;
  avgTimeToFirstTokenMs: number | null;
  timeToFirstTokenMs: Percentiles;
  avgResponseTimeMs: number | null;
  responseTimeMs: Percentiles;
}

export interface CountedValue {
  value: string;
  count: number;
}

export interface MetricsSummary {
  totalRequests: number;
  successfulRequests: number;
  failedRequests: number;
  recentRequests24h: number;
  streamingRequests: number;
  nonStreamingRequests: number;
  totalTokensUsed: number;
  totalPromptTokens: number;
  totalCompletionTokens: number;
  avgTokensPerRequest: number;
  avgResponseTimeMs: number;
  avgTokensPerSecond: number;
  estimatedTokenRequests: number;
  latency: LatencySummary;
  streaming: LatencySummary;
  nonStreaming: LatencySummary;
  topModels: CountedValue[];
  topOrigins: CountedValue[];
  finishReasons: CountedValue[];
  errorTypes: CountedValue[];
  topUsers: CountedValue[];
  topApiKeys: CountedValue[];
  /** Sum over the priced requests; the unpriced ones are counted, never taken as $0. */
  totalCostUsd: number;
  pricedRequests: number;
  unpricedRequests: number;
}
