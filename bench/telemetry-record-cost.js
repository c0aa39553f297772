'use strict';
// Per-request cost of the gateway's instrumentation, in isolation: what requestStarted,
// upstreamRequestSent, responseStarted, 20 chunkRelayed and requestEnded cost for one
// streamed chat request with usage, against the no-op used when every export is off.
// Needs a build (npm run build). `node bench/telemetry-record-cost.js [models]`.
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist', 'apps', 'gateway', 'src');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusReader } = require(`${dist}/telemetry/prometheus-listener`);
const { RequestMetricsProducer } = require(
  `${dist}/telemetry/request-metrics-producer`,
);
const { RequestSeriesTable } = require(`${dist}/telemetry/request-series`);
const telemetryModule = require(`${dist}/telemetry/gateway-telemetry`);
const { serializeMetrics } = require(`${dist}/telemetry/prometheus-serializer`);

const MODELS = Number(process.argv[2] || 10);
const ITERATIONS = 200_000;
const headers = { 'x-team': 'platform', 'content-type': 'application/json' };
const exchange = { startedAt: performance.now(), isEventStream: true };

function recordFor(i) {
  return {
    endpoint: 'chat.completions',
    model: `model-${i % MODELS}`,
    responseModel: `model-${i % MODELS}-2025-01-01`,
    isStreaming: true,
    success: true,
    statusCode: 200,
    errorType: null,
    promptTokens: 42,
    completionTokens: 20,
    tokensEstimated: false,
    timeToFirstTokenMs: 120,
    timeToLastTokenMs: 900,
    responseTimeMs: 905,
  };
}

function perRequestNs(telemetry) {
  const records = Array.from({ length: MODELS }, (_, i) => recordFor(i));
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      telemetry.requestStarted();
      telemetry.upstreamRequestSent(exchange);
      telemetry.responseStarted(exchange);
      for (let c = 0; c < 20; c++) telemetry.chunkRelayed(performance.now());
      telemetry.requestEnded(headers, exchange, records[i % MODELS]);
    }
  };
  run(20_000); // warm-up
  const started = process.hrtime.bigint();
  run(ITERATIONS);
  return Number(process.hrtime.bigint() - started) / ITERATIONS;
}

const producer = new RequestMetricsProducer(
  new RequestSeriesTable({
    modelLabelLimit: 100,
    headerLabels: [{ header: 'x-team', label: 'team' }],
    ttftBucketsS: [0.1, 1],
    providerName: 'openai',
  }),
  resourceFromAttributes({}),
);
const reader = new PrometheusReader({ metricProducers: [producer] });
new MeterProvider({ readers: [reader] });
const metered = new telemetryModule.MeteredGatewayTelemetry(producer);
const off = perRequestNs(new telemetryModule.DisabledTelemetry());
const on = perRequestNs(metered);
reader.collect().then(({ resourceMetrics }) => {
  const started = process.hrtime.bigint();
  const text = serializeMetrics(resourceMetrics, 'openmetrics');
  const scrapeMs = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    JSON.stringify({
      models: MODELS,
      perRequestNsMetered: Math.round(on),
      perRequestNsDisabled: Math.round(off),
      serializeMs: Math.round(scrapeMs * 100) / 100,
      exposition: `${text.length} bytes`,
    }),
  );
});
