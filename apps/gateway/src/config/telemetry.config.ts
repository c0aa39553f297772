import { registerAs } from '@nestjs/config';
import { environmentValidator } from '@app/persistence';
import { TelemetryEnvironment } from './telemetry.environment';

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

const validate = environmentValidator(TelemetryEnvironment);

/**
 * The gateway's metrics export; every default is here. Self-validating: it is a separate
 * concern from the proxy's settings, so it fails boot on its own bad keys, all named.
 * The exporters read the other standard OTEL_* variables (headers, resource attributes).
 */
export const telemetryConfig = registerAs('telemetry', () => {
  const env = process.env;
  validate(env);
  return {
    prometheusEnabled: env.PROMETHEUS_ENABLED !== 'false',
    prometheusPort: env.PROMETHEUS_PORT ? Number(env.PROMETHEUS_PORT) : 9464,
    // The gateway's own host: the metrics listener is reachable where the proxy is.
    prometheusHost: env.GATEWAY_HOST || '0.0.0.0',
    ttftBucketsS: env.PROMETHEUS_TTFT_BUCKETS
      ? numberList(env.PROMETHEUS_TTFT_BUCKETS)
      : TTFT_BUCKETS_S,
    modelLabelLimit: Number(env.METRICS_MODEL_LABEL_LIMIT || 100),
    headerLabels: headerLabels(env.METRICS_HEADER_LABELS ?? ''),
    otlpEnabled: Boolean(
      env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT ||
      env.OTEL_EXPORTER_OTLP_ENDPOINT,
    ),
    otlpProtocol:
      env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL ||
      env.OTEL_EXPORTER_OTLP_PROTOCOL ||
      'http/protobuf',
    otlpIntervalMs: Number(env.OTEL_METRIC_EXPORT_INTERVAL || 60_000),
    otlpTimeoutMs: Number(env.OTEL_METRIC_EXPORT_TIMEOUT || 30_000),
    serviceName: env.OTEL_SERVICE_NAME || 'llm-gateway',
  };
});

export type TelemetryConfig = ReturnType<typeof telemetryConfig>;

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
