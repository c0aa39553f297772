import { ValueType } from '@opentelemetry/api';
import type { MetricDescriptor } from '@opentelemetry/sdk-metrics';

/** The OpenTelemetry GenAI semantic conventions' recommended boundaries. */
export const BUCKETS = {
  tokens: [
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
    16777216, 67108864,
  ],
  durationS: [
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
    40.96, 81.92,
  ],
  timePerTokenS: [
    0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5,
  ],
  /** The gateway's own work is sub-millisecond when all is well. */
  addedLatencyS: [
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
    0.1, 0.25, 0.5, 1,
  ],
};

const descriptor = (
  name: string,
  unit: string,
  description: string,
  valueType = ValueType.DOUBLE,
): MetricDescriptor => ({ name, unit, description, valueType });

/** The request path's instruments, by their OpenTelemetry names. */
export const REQUEST_METRICS = {
  duration: descriptor(
    'gen_ai.server.request.duration',
    's',
    'Time from the request reaching the gateway to the last byte of its response.',
  ),
  timeToFirstToken: descriptor(
    'gen_ai.server.time_to_first_token',
    's',
    'Time to the first generated token of a successful streamed response.',
  ),
  timePerOutputToken: descriptor(
    'gen_ai.server.time_per_output_token',
    's',
    'Time per output token after the first, for successful streamed responses.',
  ),
  tokenUsage: descriptor(
    'gen_ai.client.token.usage',
    '{token}',
    'Tokens per request, by type (input or output).',
    ValueType.INT,
  ),
  requests: descriptor(
    'llm_gateway.requests',
    '{request}',
    'Inference requests recorded, by operation, model, status class and error type.',
    ValueType.INT,
  ),
  tokens: descriptor(
    'llm_gateway.tokens',
    '{token}',
    'Tokens recorded, by type (input = prompt, output = completion) and whether estimated.',
    ValueType.INT,
  ),
  cost: descriptor(
    'llm_gateway.cost',
    'USD',
    'Cost of the priced requests recorded, in US dollars, at the prices of their arrival.',
  ),
  unpricedRequests: descriptor(
    'llm_gateway.unpriced_requests',
    '{request}',
    'Requests recorded without a price (their model has none): their cost is unknown, never $0.',
    ValueType.INT,
  ),
  addedLatency: descriptor(
    'llm_gateway.added_latency',
    's',
    'Latency the gateway itself adds: arrival to upstream request (phase=upstream_request), and arrival of a chunk from the backend to its write to the client (phase=chunk: the first chunk of a write, sampled).',
  ),
};
