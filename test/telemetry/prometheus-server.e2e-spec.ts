import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import { GATEWAY } from '../deploy/support/app-contract';
import {
  ProcessGroup,
  buildApps,
  freePort,
  waitForStatus,
} from '../deploy/support/processes';
import { scrape, sumOf } from '../support/prometheus-text';
import { testDatabases, type TestDatabase } from '../support/test-databases';
import {
  alertRules,
  dashboardExpressions,
  measureOf,
  rulesFileYaml,
} from './support/monitoring-files';
import { OtlpReceiver } from './support/otlp-receiver';
import { PROMTOOL, PrometheusServer } from './support/prometheus-server';
import {
  driveReplica,
  recordedTotals,
  type RecordedTotals,
} from './support/replica-traffic';

/** What the database holds once the writers have written `count` records. */
async function waitForRecords(
  url: string,
  count: number,
): Promise<RecordedTotals> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const totals = await recordedTotals(url);
    if (totals.requests >= count || Date.now() > deadline) return totals;
    await delay(100);
  }
}

interface Replica {
  url: string;
  metricsUrl: string;
}

describe('two gateway replicas scraped by a real Prometheus', () => {
  const processes = new ProcessGroup();
  const prometheus = new PrometheusServer(processes);
  const receiver = new OtlpReceiver();
  let database: TestDatabase;
  let backend: FakeBackend;
  let replicas: Replica[];
  let recorded: RecordedTotals;
  /** Requests sent to each replica. */
  let perReplica: number;

  async function startReplica(name: string, otlp: Record<string, string>) {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const running = processes.start(name, GATEWAY.command, {
      BACKEND_URL: backend.url,
      DATABASE_URL: database.url,
      GATEWAY_PORT: String(port),
      GATEWAY_HOST: '127.0.0.1',
      PROMETHEUS_PORT: String(metricsPort),
      RECORD_FLUSH_INTERVAL_MS: '50',
      LOG_LEVEL: 'warn',
      ...otlp,
    });
    const replica = {
      url: `http://127.0.0.1:${port}`,
      metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    };
    await waitForStatus(running, `${replica.url}/health`, 200, 60_000);
    await waitForStatus(running, replica.metricsUrl, 200, 10_000);
    return replica;
  }

  beforeAll(async () => {
    buildApps();
    const databases = testDatabases();
    database = await databases[databases.length - 1][1]();
    backend = await startFakeBackend();
    const otlpUrl = await receiver.start();
    // One at a time: both apply migrations at start-up.
    replicas = [
      await startReplica('gateway-1', {
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
      }),
      await startReplica('gateway-2', {}),
    ];
    await prometheus.start(
      replicas.map((r) => new URL(r.metricsUrl).host),
      rulesFileYaml(),
    );
    perReplica = await driveReplica(replicas[0].url);
    await driveReplica(replicas[1].url);
    const sent = 2 * perReplica;
    recorded = await waitForRecords(database.url, sent);
    await prometheus.waitFor('sum(llm_gateway_requests_total)', sent);
    // A few more scrapes, so every rate() has two samples after the traffic.
    await delay(3_000);
  }, 240_000);

  afterAll(async () => {
    await processes.killAll();
    await receiver.close();
    await backend?.close();
    await database?.drop();
    prometheus.remove();
  });

  it('has rules that promtool accepts', () => {
    const file = join(tmpdir(), `llm-gateway-rules-${process.pid}.yml`);
    writeFileSync(file, rulesFileYaml());
    const output = execFileSync(PROMTOOL, ['check', 'rules', file], {
      encoding: 'utf8',
    });
    rmSync(file);
    expect(output).toMatch(/SUCCESS: 7 rules found/);
  });

  it('answers every expression of the Grafana dashboard with data', async () => {
    const empty: string[] = [];
    for (const expr of dashboardExpressions())
      if ((await prometheus.query(expr)).length === 0) empty.push(expr);
    expect(empty).toEqual([]);
  });

  it('answers the measure of every alert rule with data', async () => {
    const rules = alertRules();
    expect(rules.map((r) => r.alert)).toHaveLength(7);
    const empty: string[] = [];
    for (const rule of rules)
      if ((await prometheus.query(measureOf(rule.expr))).length === 0)
        empty.push(rule.alert);
    expect(empty).toEqual([]);
  });

  it('sums over both replicas to what the database recorded', async () => {
    expect(recorded.requests).toBe(2 * perReplica);
    expect(await prometheus.value('sum(llm_gateway_requests_total)')).toBe(
      recorded.requests,
    );
    const tokens = (type: string) =>
      prometheus.value(
        `sum(llm_gateway_tokens_total{gen_ai_token_type="${type}"})`,
      );
    expect(await tokens('input')).toBe(recorded.input);
    expect(await tokens('output')).toBe(recorded.output);
    const errors = await prometheus.query(
      'sum by (error_type) (llm_gateway_requests_total{error_type!=""})',
    );
    expect(
      Object.fromEntries(
        errors.map((e) => [e.metric.error_type, Number(e.value[1])]),
      ),
    ).toEqual(recorded.errors);
    expect(Object.keys(recorded.errors).sort()).toEqual([
      'backend_error',
      'rate_limit',
    ]);
    expect(
      await prometheus.value(
        'count(count by (instance) (llm_gateway_database_up))',
      ),
    ).toBe(2);
  });

  it('pushes the same values over OTLP as the scrape shows', async () => {
    const before = receiver.exports;
    while (receiver.exports < before + 2) await delay(100);
    const { samples } = await scrape(replicas[0].metricsUrl);
    const otlpSum = (name: string, where: Record<string, string> = {}) =>
      receiver
        .points(name)
        .filter((p) =>
          Object.entries(where).every(([k, v]) => p.attributes[k] === v),
        )
        .reduce((total, p) => total + p.value, 0);
    expect(otlpSum('llm_gateway.requests')).toBe(
      sumOf(samples, 'llm_gateway_requests_total'),
    );
    expect(otlpSum('llm_gateway.requests')).toBe(perReplica);
    // The same attributes as the labels: every point names its provider.
    expect(
      otlpSum('llm_gateway.requests', { 'gen_ai.provider.name': 'openai' }),
    ).toBe(perReplica);
    expect(otlpSum('llm_gateway.cost')).toBeCloseTo(
      sumOf(samples, 'llm_gateway_cost_usd_total'),
      12,
    );
    expect(otlpSum('llm_gateway.unpriced_requests')).toBe(
      sumOf(samples, 'llm_gateway_unpriced_requests_total'),
    );
    for (const type of ['input', 'output'])
      expect(otlpSum('llm_gateway.tokens', { 'gen_ai.token.type': type })).toBe(
        sumOf(samples, 'llm_gateway_tokens_total', { gen_ai_token_type: type }),
      );
    const durations = receiver.points('gen_ai.server.request.duration');
    expect(durations.reduce((t, p) => t + p.count, 0)).toBe(
      sumOf(samples, 'gen_ai_server_request_duration_seconds_count'),
    );
    expect(durations.reduce((t, p) => t + p.sum, 0)).toBeCloseTo(
      sumOf(samples, 'gen_ai_server_request_duration_seconds_sum'),
      9,
    );
  }, 30_000);
});
