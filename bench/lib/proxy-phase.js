'use strict';
// The proxy bench: the fake backend called directly, through the bare http-proxy and through
// the gateway, in turn at each concurrency; then many slow streams held at once.
const path = require('node:path');
const { chatLoad, round } = require('./load');
const { concurrentStreams } = require('./streams');
const { cpuMs, rssMiB, sampleRss, stopService } = require('./processes');
const { get } = require('./http-client');
const {
  backendStats,
  recordedRows,
  startBackend,
  startBareProxy,
  startGateway,
} = require('./proxy-services');

const MODES = [
  { name: 'json', stream: false },
  { name: 'stream', stream: true },
];

async function runLoad(services, opts, log) {
  const targets = [
    ['direct', services.backend],
    ['bare-proxy', services.bare],
    ['gateway', services.gateway],
    // The instrumentation's cost: the same gateway with PROMETHEUS_ENABLED=false.
    ['gateway-no-metrics', services.plain],
  ];
  const runs = [];
  for (const mode of MODES) {
    for (const connections of opts.concurrency) {
      for (const [target, service] of targets) {
        const load = {
          baseUrl: `http://127.0.0.1:${service.port}`,
          stream: mode.stream,
          chunks: opts.chunks,
          connections,
        };
        // Only the gateway's runs are counted: what it forwarded, against what it recorded.
        const servedBefore =
          target === 'gateway'
            ? (await backendStats(services.backend)).served
            : 0;
        const cpu = {};
        const result = await chatLoad({
          ...load,
          warmupSeconds: opts.warmupSeconds,
          seconds: opts.seconds,
          onMeasure: (edge) => (cpu[edge] = cpuMs(service.pid)),
        });
        if (target === 'gateway')
          services.forwarded +=
            (await backendStats(services.backend)).served - servedBefore;
        const run = {
          mode: mode.name,
          connections,
          target,
          ...result,
          cpuUsPerRequest: Math.round(
            ((cpu.end - cpu.start) * 1000) / result.requests,
          ),
          rssMiB: round(rssMiB(service.pid), 1),
        };
        runs.push(run);
        log(
          `  ${mode.name.padEnd(6)} c=${String(connections).padEnd(3)} ${target.padEnd(10)} ${run.rps} req/s  p50 ${run.p50Ms} ms  p99 ${run.p99Ms} ms  rss ${run.rssMiB} MiB`,
        );
      }
    }
  }
  return runs;
}

async function slowStreams(services, target, opts) {
  const service = services[target];
  await get(services.backend.port, '/_bench/reset');
  const rssBefore = rssMiB(service.pid);
  const sampler = sampleRss(service.pid, 100);
  const result = await concurrentStreams({
    baseUrl: `http://127.0.0.1:${service.port}`,
    ...opts,
  });
  const peak = sampler.stop();
  const { peakActive } = await backendStats(services.backend);
  return {
    target,
    ...result,
    chunks: opts.chunks,
    delayMs: opts.delayMs,
    backendPeakConcurrent: peakActive,
    rssBeforeMiB: round(rssBefore, 1),
    rssPeakMiB: round(peak, 1),
  };
}

/** On fresh proxies, so that the peak is what holding the streams costs, not earlier load. */
async function streamPhase(services, opts, log) {
  const s = opts.streams;
  log(
    `slow streams (fresh proxies): ${s.count} x ${s.chunks} chunks, ${s.delayMs} ms apart`,
  );
  await Promise.all([
    stopService(services.bare),
    stopService(services.gateway),
  ]);
  services.bare = await startBareProxy(opts, services.backend);
  services.gateway = await startGateway(opts, services.backend);
  const streams = [];
  for (const target of ['bare', 'gateway']) {
    const result = await slowStreams(services, target, s);
    streams.push(result);
    log(
      `  ${target}: ${result.completed}/${result.count} complete in ${result.wallMs} ms, backend peak ${result.backendPeakConcurrent}, RSS ${result.rssBeforeMiB} -> peak ${result.rssPeakMiB} MiB`,
    );
  }
  services.forwarded += s.count;
  return streams;
}

async function proxyPhase(opts, log) {
  const services = { forwarded: 0 };
  try {
    services.backend = await startBackend(opts);
    services.bare = await startBareProxy(opts, services.backend);
    services.gateway = await startGateway(opts, services.backend);
    // Its own database file, so that its rows are not counted with the gateway's.
    services.plain = await startGateway(
      opts,
      services.backend,
      {
        PROMETHEUS_ENABLED: 'false',
        DATABASE_URL: `sqlite:${path.join(opts.tmpDir, 'gateway-no-metrics.sqlite')}`,
        SPOOL_DIR: path.join(opts.tmpDir, 'spool-no-metrics'),
      },
      'gateway-no-metrics',
    );
    const idleRssMiB = {};
    for (const name of ['backend', 'bare', 'gateway', 'plain'])
      idleRssMiB[name] = round(rssMiB(services[name].pid), 1);
    log(
      `proxy bench: ${opts.seconds}s per run (+${opts.warmupSeconds}s warm-up), concurrency ${opts.concurrency.join('/')}`,
    );
    const runs = await runLoad(services, opts, log);
    await stopService(services.plain);
    services.plain = undefined;
    const streams = await streamPhase(services, opts, log);
    await stopService(services.gateway);
    const rowsByKind = recordedRows(opts.tmpDir);
    const rowsWritten = Object.values(rowsByKind).reduce((a, b) => a + b, 0);
    const recording = {
      forwarded: services.forwarded,
      rowsWritten,
      rowsByKind,
    };
    log(
      `  gateway recorded ${rowsWritten} rows (${JSON.stringify(rowsByKind)}) for ${recording.forwarded} requests it forwarded`,
    );
    return { idleRssMiB, runs, streams, recording };
  } finally {
    await Promise.all(
      [services.backend, services.bare, services.gateway, services.plain]
        .filter(Boolean)
        .map(stopService),
    );
  }
}

module.exports = { proxyPhase };
