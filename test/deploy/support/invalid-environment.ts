import type { AppContract, Environment } from './app-contract';

/**
 * Values an operator could write into a manifest by mistake, per key: a unit where the app
 * takes a number, a word for a boolean, a scheme it cannot use, a token too short.
 */
export const INVALID_VALUES: Record<string, string[]> = {
  DATABASE_URL: ['postgres://gateway@db:5432/llm', 'mysql//gateway@mysql/llm'],
  DB_MIGRATE: ['maybe'],
  BACKEND_URL: ['ollama:11434', 'not a url'],
  SHUTDOWN_GRACE_MS: ['25s', '-1'],
  GATEWAY_PORT: ['80o1', '70000'],
  METRICS_PORT: ['80o2', '70000'],
  LOG_LEVEL: ['verbose'],
  METRICS_API_TOKEN: ['short-token'],
  METRICS_DOCS: ['maybe'],
  INJECT_STREAM_USAGE: ['maybe'],
  RETENTION_DAYS: ['30d', '-1'],
  RETENTION_BATCH_SIZE: ['0'],
  RECORD_BATCH_SIZE: ['0'],
  RECORD_BUFFER_SIZE: ['-5'],
  RECORD_FLUSH_INTERVAL_MS: ['250ms'],
  REQUEST_TIMEOUT_MS: ['5m'],
  REQUEST_BODY_TIMEOUT_MS: ['1m'],
  UPSTREAM_IDLE_TIMEOUT_MS: ['5m'],
  UPSTREAM_MAX_SOCKETS: ['0'],
  KEEP_ALIVE_TIMEOUT_MS: ['65s'],
  MAX_REQUEST_BODY_BYTES: ['50MB'],
  SPOOL_MAX_BYTES: ['1GiB', '100'],
  PROMETHEUS_ENABLED: ['maybe'],
  PROMETHEUS_PORT: ['94o4', '70000'],
  PROMETHEUS_TTFT_BUCKETS: ['1s,10s', 'ten'],
  METRICS_MODEL_LABEL_LIMIT: ['0', 'many'],
  METRICS_HEADER_LABELS: ['x-team'],
  GEN_AI_PROVIDER_NAME: ['AWS Bedrock', 'openai.'],
  OTEL_EXPORTER_OTLP_ENDPOINT: ['collector:4318'],
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: ['collector:4318'],
  OTEL_EXPORTER_OTLP_PROTOCOL: ['grpc'],
  OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: ['grpc'],
  OTEL_METRIC_EXPORT_INTERVAL: ['60s'],
  OTEL_METRIC_EXPORT_TIMEOUT: ['30s'],
  RECORD_USER: ['maybe'],
  API_KEY_HASH_SECRET: ['short-secret'],
  CORS_ORIGINS: ['grafana.example.com', 'https://grafana.example.com/'],
  TRUST_PROXY: ['proxy.internal', '10.0.0.0/33'],
};

/**
 * Keys whose every value is accepted (host names, names, paths;
 * an empty value means unset, so an empty DASHBOARD_DIR is the default folder).
 */
export const FREE_FORM_KEYS = [
  'DASHBOARD_DIR',
  'SPOOL_DIR',
  'OTEL_SERVICE_NAME',
  'GATEWAY_HOST',
  'METRICS_HOST',
  // Paths of JSON or YAML files, read at start-up.
  'API_KEY_NAMES',
  'PRICES_FILE',
];

/** The error `validate` throws for `environment`, or null when it accepts it. */
function refusal(app: AppContract, environment: Environment): string | null {
  try {
    app.validate(environment);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Each invalid value of each key the app reads, put into the manifest's `environment` one at a
 * time: the answer is what went wrong, empty when every one was refused with its key named.
 */
export function acceptedMistakes(
  app: AppContract,
  environment: Environment,
): string[] {
  const problems: string[] = [];
  for (const key of app.environmentKeys) {
    for (const value of INVALID_VALUES[key] ?? []) {
      const message = refusal(app, { ...environment, [key]: value });
      if (message === null || !message.includes(`${key}:`))
        problems.push(`${key}=${JSON.stringify(value)}: ${message}`);
    }
  }
  return problems;
}

/** All the mistakes at once: one error naming every key, as the README promises. */
export function unnamedKeys(
  app: AppContract,
  environment: Environment,
): string[] {
  const keys = app.environmentKeys.filter((key) => INVALID_VALUES[key]);
  const wrong = Object.fromEntries(
    keys.map((key) => [key, INVALID_VALUES[key][0]]),
  );
  const message = refusal(app, { ...environment, ...wrong }) ?? '';
  return keys.filter((key) => !message.includes(`${key}:`));
}
