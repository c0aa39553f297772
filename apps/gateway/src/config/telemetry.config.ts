import { configFactory } from '@app/persistence/config/config-factory';
import type { TelemetryEnvironment } from './telemetry.environment';

/**
 * The OpenTelemetry GenAI conventions' time-to-first-token buckets stop at 10 s; a cold model
 * (Ollama loading weights) can take minutes, so these go on to 10 minutes.
 */
const TTFT_BUCKETS_S = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5,
  7.5, 10, 20, 40, 80, 160, 320, 600,
];

export interface HeaderLabel {
  /** Request header, lower case as Node gives it. */
  header: string;
  /** Label (attribute) name it becomes. */
  label: string;
}

/**
 * The gateway's metrics export, from the gateway's validated environment. The exporters
 * themselves (the OTel SDK) read the other standard OTEL_* variables (headers, resource
 * attributes) from process.env.
 */
export const telemetryConfig = configFactory(
  'telemetry',
  (env: TelemetryEnvironment & { GATEWAY_HOST: string }) => ({
    prometheusEnabled: env.PROMETHEUS_ENABLED,
    prometheusPort: env.PROMETHEUS_PORT ?? 9464,
    // The gateway's own host: the metrics listener is reachable where the proxy is.
    prometheusHost: env.GATEWAY_HOST || '0.0.0.0',
    ttftBucketsS: env.PROMETHEUS_TTFT_BUCKETS
      ? numberList(env.PROMETHEUS_TTFT_BUCKETS)
      : TTFT_BUCKETS_S,
    modelLabelLimit: env.METRICS_MODEL_LABEL_LIMIT ?? 100,
    headerLabels: headerLabels(env.METRICS_HEADER_LABELS ?? ''),
    // The backend speaks OpenAI's API; the conventions name the provider by its API's maker
    // when the instrumentation knows no better.
    providerName: env.GEN_AI_PROVIDER_NAME || 'openai',
    otlpEnabled: otlpUrl(env) !== null,
    otlpUrl: otlpUrl(env),
    otlpProtocol:
      env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL ||
      env.OTEL_EXPORTER_OTLP_PROTOCOL ||
      'http/protobuf',
    otlpIntervalMs: env.OTEL_METRIC_EXPORT_INTERVAL ?? 60_000,
    otlpTimeoutMs: env.OTEL_METRIC_EXPORT_TIMEOUT ?? 30_000,
    serviceName: env.OTEL_SERVICE_NAME || 'llm-gateway',
  }),
);

export type TelemetryConfig = ReturnType<typeof telemetryConfig>;

/**
 * The metrics endpoint as the OTLP specification derives it: the signal's own variable as it is,
 * else the base endpoint with /v1/metrics. Given to the exporter explicitly, so that the
 * environment the gateway was built from decides, not whatever process.env holds.
 */
function otlpUrl(env: TelemetryEnvironment): string | null {
  if (env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT)
    return env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT;
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/metrics`;
}

function numberList(text: string): number[] {
  return [...new Set(text.split(',').map(Number))].sort((a, b) => a - b);
}

function headerLabels(text: string): HeaderLabel[] {
  return text
    .split(',')
    .filter((pair) => pair.trim() !== '')
    .map((pair) => {
      const [header, label] = pair.split(':').map((part) => part.trim());
      return { header: header.toLowerCase(), label };
    });
}
