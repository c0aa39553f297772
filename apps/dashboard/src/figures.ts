import type { Metrics } from './api-types';
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
