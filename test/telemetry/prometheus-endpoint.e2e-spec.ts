import type { RequestRecordEntity } from '@app/persistence';
import { collect } from '../fixtures/fake-openai-client-helpers';
import type { RunningGateway } from '../support/gateway-app';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import { scrape, sumOf, valuesOf } from '../support/prometheus-text';
import { recordsOf } from '../support/records';

const TEAM = { 'x-team': 'platform' };

async function drive(suite: GatewaySuite): Promise<void> {
  const { client } = suite;
  const messages = [{ role: 'user' as const, content: 'hello' }];
  await client.chat.completions.create(
    { model: 'llama3.2', messages },
    { headers: TEAM },
  );
  await collect(
    await client.chat.completions.create(
      { model: 'llama3.2', messages, stream: true },
      { headers: TEAM },
    ),
  );
  await collect(
    await client.chat.completions.create({
      model: 'qwen3',
      messages,
      stream: true,
    }),
  );
  await client.embeddings.create({ model: 'nomic-embed', input: 'a b c' });
  // Priced by the bundled table.
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
  await expect(
    client.chat.completions.create(
      { model: 'qwen3', messages },
      { headers: { 'x-fake-scenario': 'error' } },
    ),
  ).rejects.toThrow();
}

function countBy<T>(rows: T[], key: (row: T) => string | null) {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const k = key(row);
    if (k !== null) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

describe('the Prometheus endpoint', () => {
  let suite: GatewaySuite;
  let records: RequestRecordEntity[];
  let url: string;

  beforeAll(async () => {
    // A header allow-listed as a label.
    suite = await startGatewaySuite({}, 'sk-test', {
      METRICS_HEADER_LABELS: 'x-team:team',
    });
    url = suite.gateway.metricsUrl as string;
    await drive(suite);
    records = await recordsOf(suite.gateway);
  });

  afterAll(() => suite?.close());

  it('serves the text format on its own port, not on the proxy port', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(url).port).not.toBe(new URL(suite.gateway.url).port);
    const { contentType, text } = await scrape(url);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE llm_gateway_requests_total counter');
    expect((await fetch(`${suite.gateway.url}/metrics`)).status).toBe(404);
    expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('serves OpenMetrics when the scraper asks for it', async () => {
    const { contentType, text } = await scrape(url, true);
    expect(contentType).toMatch(
      /^application\/openmetrics-text; version=1.0.0/,
    );
    expect(text).toContain('# TYPE llm_gateway_requests counter');
    expect(text).toContain(
      '# UNIT gen_ai_server_request_duration_seconds seconds',
    );
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  it('names the GenAI instruments as the conventions do, with their buckets', async () => {
    const { samples } = await scrape(url);
    const bucket = samples.find(
      (s) =>
        s.name === 'gen_ai_server_request_duration_seconds_bucket' &&
        s.labels.gen_ai_operation_name === 'chat' &&
        s.labels.gen_ai_request_model === 'llama3.2' &&
        s.labels.le === '0.64',
    );
    expect(bucket?.value).toBeGreaterThan(0);
    expect(
      valuesOf(
        samples,
        'gen_ai_server_time_to_first_token_seconds_bucket',
        'le',
      ),
    ).toContain('600.0');
    expect(
      valuesOf(samples, 'gen_ai_client_token_usage_sum', 'gen_ai_token_type'),
    ).toEqual(new Set(['input', 'output']));
    expect(
      valuesOf(samples, 'llm_gateway_requests_total', 'gen_ai_operation_name'),
    ).toEqual(new Set(['chat', 'embeddings']));
  });

  it('counts what the database recorded: requests, tokens by type, errors by type', async () => {
    const { samples } = await scrape(url);
    expect(records).toHaveLength(6);
    expect(sumOf(samples, 'llm_gateway_requests_total')).toBe(records.length);
    const prompt = records.reduce((t, r) => t + (r.promptTokens ?? 0), 0);
    const completion = records.reduce(
      (t, r) => t + (r.completionTokens ?? 0),
      0,
    );
    expect(
      sumOf(samples, 'llm_gateway_tokens_total', {
        gen_ai_token_type: 'input',
      }),
    ).toBe(prompt);
    expect(
      sumOf(samples, 'gen_ai_client_token_usage_sum', {
        gen_ai_token_type: 'output',
      }),
    ).toBe(completion);
    const errors = countBy(records, (r) => r.errorType);
    expect(Object.keys(errors)).toEqual(['backend_error']);
    for (const [type, count] of Object.entries(errors))
      expect(
        sumOf(samples, 'llm_gateway_requests_total', { error_type: type }),
      ).toBe(count);
    expect(
      sumOf(samples, 'gen_ai_server_time_to_first_token_seconds_count'),
    ).toBe(records.filter((r) => r.isStreaming && r.success).length);
  });

  it('counts the cost of the priced requests and the unpriced ones, as the database recorded them', async () => {
    const { samples } = await scrape(url);
    const priced = records.filter((r) => r.costUsd !== null);
    expect(priced.map((r) => r.model)).toContain('gpt-4o-mini');
    const cost = priced.reduce((t, r) => t + (r.costUsd as number), 0);
    expect(cost).toBeGreaterThan(0);
    expect(sumOf(samples, 'llm_gateway_cost_usd_total')).toBeCloseTo(cost, 12);
    expect(
      sumOf(samples, 'llm_gateway_cost_usd_total', {
        gen_ai_request_model: 'gpt-4o-mini',
      }),
    ).toBeCloseTo(cost, 12);
    expect(sumOf(samples, 'llm_gateway_unpriced_requests_total')).toBe(
      records.length - priced.length,
    );
  });

  it('turns an allow-listed header into a label', async () => {
    const { samples } = await scrape(url);
    expect(
      sumOf(samples, 'llm_gateway_requests_total', { team: 'platform' }),
    ).toBe(2);
  });

  it('reports the writer, the database, in-flight work, added latency and the process', async () => {
    const { samples } = await scrape(url);
    expect(sumOf(samples, 'llm_gateway_records_written_total')).toBe(
      records.length,
    );
    expect(sumOf(samples, 'llm_gateway_records_dropped_total')).toBe(0);
    expect(sumOf(samples, 'llm_gateway_database_up')).toBe(1);
    expect(sumOf(samples, 'llm_gateway_requests_in_flight')).toBe(0);
    expect(sumOf(samples, 'llm_gateway_streams_open')).toBe(0);
    expect(
      sumOf(samples, 'llm_gateway_added_latency_seconds_count', {
        phase: 'upstream_request',
      }),
    ).toBe(records.length);
    for (const name of [
      'process_cpu_time_seconds_total',
      'process_memory_usage_bytes',
      'v8js_memory_heap_used_bytes',
      'nodejs_eventloop_delay_p99_seconds',
    ])
      expect(samples.some((s) => s.name === name)).toBe(true);
  });

  it("reports the spool's size and oldest wait, and the duplicates skipped", async () => {
    const { samples } = await scrape(url);
    const { spool, duplicates } = suite.gateway.writer.stats();
    expect(spool).not.toBeNull();
    expect(sumOf(samples, 'llm_gateway_records_duplicates_total')).toBe(
      duplicates,
    );
    expect(sumOf(samples, 'llm_gateway_spool_size_bytes')).toBe(spool?.bytes);
    for (const name of [
      'llm_gateway_spool_size_bytes',
      'llm_gateway_spool_oldest_age_seconds',
      'llm_gateway_records_duplicates_total',
    ])
      expect(samples.some((s) => s.name === name)).toBe(true);
    // Every record is in the database: nothing waits.
    expect(sumOf(samples, 'llm_gateway_spool_oldest_age_seconds')).toBe(0);
  });
});

describe('label cardinality', () => {
  let suite: GatewaySuite;
  let gateway: RunningGateway;

  beforeAll(async () => {
    suite = await startGatewaySuite();
    gateway = suite.gateway;
  });

  afterAll(() => suite?.close());

  it('keeps 500 distinct model names to the limit plus other in every metric', async () => {
    const messages = [{ role: 'user' as const, content: 'hi' }];
    for (let i = 0; i < 500; i += 25)
      await Promise.all(
        Array.from({ length: 25 }, (_, j) =>
          suite.client.chat.completions.create({
            model: `model-${i + j}`,
            messages,
          }),
        ),
      );
    const { samples } = await scrape(gateway.metricsUrl as string);
    const models = new Map<string, Set<string>>();
    for (const s of samples) {
      const model = s.labels.gen_ai_request_model;
      if (model === undefined) continue;
      if (!models.has(s.name)) models.set(s.name, new Set());
      models.get(s.name)?.add(model);
    }
    expect(models.size).toBeGreaterThan(3);
    for (const [, values] of models) {
      expect(values.size).toBe(101);
      expect(values).toContain('other');
    }
    expect(sumOf(samples, 'llm_gateway_requests_total')).toBe(500);
    expect(
      sumOf(samples, 'llm_gateway_requests_total', {
        gen_ai_request_model: 'other',
      }),
    ).toBe(400);
  }, 60_000);
});
