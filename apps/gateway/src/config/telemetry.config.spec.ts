import { telemetryConfig } from './telemetry.config';

const KEYS = [
  'PROMETHEUS_ENABLED',
  'PROMETHEUS_PORT',
  'PROMETHEUS_TTFT_BUCKETS',
  'METRICS_MODEL_LABEL_LIMIT',
  'METRICS_HEADER_LABELS',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
];

function withEnvironment<T>(env: Record<string, string>, read: () => T): T {
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  KEYS.forEach((k) => delete process.env[k]);
  Object.assign(process.env, env);
  try {
    return read();
  } finally {
    KEYS.forEach((k) => delete process.env[k]);
    for (const [k, v] of Object.entries(saved))
      if (v !== undefined) process.env[k] = v;
  }
}

describe('telemetryConfig', () => {
  it('has the documented defaults', () => {
    const config = withEnvironment({}, () => telemetryConfig());
    expect(config).toMatchObject({
      prometheusEnabled: true,
      prometheusPort: 9464,
      modelLabelLimit: 100,
      headerLabels: [],
      otlpEnabled: false,
      otlpProtocol: 'http/protobuf',
    });
    expect(config.ttftBucketsS.at(-1)).toBe(600);
  });

  it('reads header labels, buckets and the OTLP switch', () => {
    const config = withEnvironment(
      {
        METRICS_HEADER_LABELS: 'X-Team:team, x-env:env',
        PROMETHEUS_TTFT_BUCKETS: '60,0.5,10',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      },
      () => telemetryConfig(),
    );
    expect(config.headerLabels).toEqual([
      { header: 'x-team', label: 'team' },
      { header: 'x-env', label: 'env' },
    ]);
    expect(config.ttftBucketsS).toEqual([0.5, 10, 60]);
    expect(config.otlpEnabled).toBe(true);
    expect(config.otlpProtocol).toBe('http/json');
  });

  it('refuses bad values, naming every bad key', () => {
    const read = () =>
      withEnvironment(
        {
          PROMETHEUS_PORT: '70000',
          METRICS_HEADER_LABELS: 'x-team',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        },
        () => telemetryConfig(),
      );
    expect(read).toThrow(/PROMETHEUS_PORT/);
    expect(read).toThrow(/METRICS_HEADER_LABELS/);
    expect(read).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL/);
  });
});
