import { loadEnvironment } from '@app/persistence';
import { GatewayEnvironment } from './gateway.environment';
import { telemetryConfig } from './telemetry.config';

const load = (environment: Record<string, string>) =>
  telemetryConfig(loadEnvironment(GatewayEnvironment, environment));

describe('telemetryConfig', () => {
  it('has the documented defaults', () => {
    const config = load({});
    expect(config).toMatchObject({
      prometheusEnabled: true,
      prometheusPort: 9464,
      modelLabelLimit: 100,
      headerLabels: [],
      providerName: 'openai',
      otlpEnabled: false,
      otlpProtocol: 'http/protobuf',
    });
    expect(config.ttftBucketsS.at(-1)).toBe(600);
  });

  it('reads header labels, buckets, the switch and the OTLP settings', () => {
    const config = load({
      PROMETHEUS_ENABLED: 'off',
      METRICS_HEADER_LABELS: 'X-Team:team, x-env:env',
      GEN_AI_PROVIDER_NAME: 'azure.ai.openai',
      PROMETHEUS_TTFT_BUCKETS: '60,0.5,10',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    expect(config.prometheusEnabled).toBe(false);
    expect(config.headerLabels).toEqual([
      { header: 'x-team', label: 'team' },
      { header: 'x-env', label: 'env' },
    ]);
    expect(config.ttftBucketsS).toEqual([0.5, 10, 60]);
    expect(config.providerName).toBe('azure.ai.openai');
    expect(config.otlpEnabled).toBe(true);
    expect(config.otlpUrl).toBe('http://collector:4318/v1/metrics');
    expect(config.otlpProtocol).toBe('http/json');
  });

  it('takes the metrics endpoint as it is, over the base one', () => {
    const config = load({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://other:4318/metrics',
    });
    expect(config.otlpUrl).toBe('http://other:4318/metrics');
    expect(load({}).otlpUrl).toBeNull();
  });

  it("refuses bad values, naming every bad key with the gateway's own", () => {
    const read = () =>
      load({
        PROMETHEUS_PORT: '70000',
        METRICS_HEADER_LABELS: 'x-team',
        GEN_AI_PROVIDER_NAME: 'AWS Bedrock',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        GATEWAY_PORT: 'eighty',
      });
    expect(read).toThrow(/PROMETHEUS_PORT/);
    expect(read).toThrow(/METRICS_HEADER_LABELS/);
    expect(read).toThrow(/GEN_AI_PROVIDER_NAME/);
    expect(read).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL/);
    expect(read).toThrow(/GATEWAY_PORT/);
  });
});
