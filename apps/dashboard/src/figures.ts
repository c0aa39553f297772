import type { BreakdownRow, Metrics } from './api-types';
import type { Priced } from './format';

interface Latency {
  avg: number;
  p50: number;
  p95: number;
}

/**
 * What the cards show, read from /metrics for the whole timeframe or from one row of
 * /metrics/breakdown when the page is filtered. A row has no streaming counts nor estimated
 * share: those are null then.
 */
export interface Figures {
  requests: number;
  failed: number;
  tokens: { total: number; prompt: number; completion: number };
  tokensPerRequest: number | null;
  estimatedShare: number | null;
  responseTime: Latency;
  firstToken: Latency;
  tokensPerSecond: number;
  streamed: { yes: number; no: number } | null;
  cost: Priced;
}

export function figuresOfMetrics(m: Metrics): Figures {
  return {
    requests: m.total_requests,
    failed: m.failed_requests,
    tokens: {
      total: m.total_tokens_used,
      prompt: m.total_prompt_tokens,
      completion: m.total_completion_tokens,
    },
    tokensPerRequest: m.avg_tokens_per_request,
    estimatedShare: m.estimated_tokens_share,
    responseTime: { avg: m.avg_response_time_ms, ...m.response_time_ms },
    firstToken: {
      avg: m.avg_time_to_first_token_ms,
      ...m.time_to_first_token_ms,
    },
    tokensPerSecond: m.avg_tokens_per_second,
    streamed: { yes: m.streaming_requests, no: m.non_streaming_requests },
    cost: {
      cost_usd: m.total_cost_usd,
      priced_requests: m.priced_requests,
      unpriced_requests: m.unpriced_requests,
    },
  };
}

/** The figures of one value; `row` is absent when the value has no request in the timeframe. */
export function figuresOfRow(row: BreakdownRow | undefined): Figures {
  return {
    requests: row?.requests ?? 0,
    failed: row?.failed_requests ?? 0,
    tokens: {
      total: row?.total_tokens ?? 0,
      prompt: row?.prompt_tokens ?? 0,
      completion: row?.completion_tokens ?? 0,
    },
    tokensPerRequest: null,
    estimatedShare: null,
    responseTime: {
      avg: row?.avg_response_time_ms ?? 0,
      p50: row?.p50_response_time_ms ?? 0,
      p95: row?.p95_response_time_ms ?? 0,
    },
    firstToken: {
      avg: row?.avg_time_to_first_token_ms ?? 0,
      p50: row?.p50_time_to_first_token_ms ?? 0,
      p95: row?.p95_time_to_first_token_ms ?? 0,
    },
    tokensPerSecond: row?.avg_tokens_per_second ?? 0,
    streamed: null,
    cost: {
      cost_usd: row?.cost_usd ?? 0,
      priced_requests: row?.priced_requests ?? 0,
      unpriced_requests: row?.unpriced_requests ?? 0,
    },
  };
}
