import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PrometheusReader } from './prometheus-listener';
import { negotiateFormat, serializeMetrics } from './prometheus-serializer';

async function exposition(format: 'text' | 'openmetrics'): Promise<string> {
  const reader = new PrometheusReader();
  const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
  meter
    .createCounter('llm_gateway.requests', { unit: '{request}' })
    .add(3, { 'gen_ai.operation.name': 'chat', 'error.type': 'a"b\\c' });
  meter
    .createHistogram('gen_ai.server.request.duration', {
      unit: 's',
      advice: { explicitBucketBoundaries: [0.5, 1] },
    })
    .record(0.7, { 'gen_ai.operation.name': 'chat' });
  meter.createUpDownCounter('llm_gateway.streams.open').add(2);
  const { resourceMetrics } = await reader.collect();
  return serializeMetrics(resourceMetrics, format);
}

describe('serializeMetrics', () => {
  it('writes the text format with Prometheus names, units and escaped labels', async () => {
    const text = await exposition('text');
    expect(text).toContain('# TYPE llm_gateway_requests_total counter\n');
    expect(text).toContain(
      'llm_gateway_requests_total{gen_ai_operation_name="chat",error_type="a\\"b\\\\c"} 3\n',
    );
    expect(text).toContain(
      [
        'gen_ai_server_request_duration_seconds_bucket{gen_ai_operation_name="chat",le="0.5"} 0',
        'gen_ai_server_request_duration_seconds_bucket{gen_ai_operation_name="chat",le="1.0"} 1',
        'gen_ai_server_request_duration_seconds_bucket{gen_ai_operation_name="chat",le="+Inf"} 1',
        'gen_ai_server_request_duration_seconds_sum{gen_ai_operation_name="chat"} 0.7',
        'gen_ai_server_request_duration_seconds_count{gen_ai_operation_name="chat"} 1',
      ].join('\n'),
    );
    expect(text).toContain(
      '# TYPE llm_gateway_streams_open gauge\nllm_gateway_streams_open 2\n',
    );
    expect(text).not.toContain('# EOF');
  });

  it('writes OpenMetrics: counter families without _total, units, and # EOF', async () => {
    const text = await exposition('openmetrics');
    expect(text).toContain('# TYPE llm_gateway_requests counter\n');
    expect(text).toContain(
      '# UNIT gen_ai_server_request_duration_seconds seconds\n',
    );
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  it('answers OpenMetrics only to a scraper that asks for it', () => {
    expect(
      negotiateFormat(
        'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5',
      ),
    ).toBe('openmetrics');
    expect(negotiateFormat('text/plain')).toBe('text');
    expect(negotiateFormat(undefined)).toBe('text');
  });
});
