'use strict';
// The proxy bench: the fake backend called directly, through the bare http-proxy, through the
// card's floor and through the gateway, in interleaved rounds; then many slow streams at once.
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
  startFloor,
  startGateway,
} = require('./proxy-services');

/** Service of each target, in the order they run within a round. */
const TARGETS = [
  ['direct', 'backend'],
  ['bare-proxy', 'bare'],
  ['floor', 'floor'],
  ['gateway', 'gateway'],
  ['gateway-no-metrics', 'plain'],
];

async function measure(services, target, load, opts) {
  const service = services[TARGETS.find(([t]) => t === target)[1]];
  // Only the gateway's runs are counted: what it forwarded, against what it recorded.
  const servedBefore =
    target === 'gateway' ? (await backendStats(services.backend)).served : 0;
  const cpu = {};
  const result = await chatLoad({
    ...load,
    baseUrl: `http://127.0.0.1:${service.port}`,
    warmupSeconds: opts.warmupSeconds,
    seconds: opts.seconds,
    onMeasure: (edge) => (cpu[edge] = cpuMs(service.pid)),
  });
  if (target === 'gateway')
    services.forwarded +=
      (await backendStats(services.backend)).served - servedBefore;
  return {
    ...result,
    cpuUsPerRequest: Math.round(
      ((cpu.end - cpu.start) * 1000) / Math.max(1, result.requests),
    ),
    rssMiB: round(rssMiB(service.pid), 1),
  };
}

/**
 * Every scenario at each of its concurrencies through every target, round after round, so
 * that a burst of other work on the machine falls on all targets alike.
 */
async function runLoad(services, opts, log) {
  const runs = [];
  for (let roundNo = 1; roundNo <= opts.rounds; roundNo++) {
    log(`round ${roundNo}/${opts.rounds}`);
    for (const scenario of opts.scenarios) {
      for (const connections of scenario.connections) {
        for (const target of opts.targets) {
          const load = { ...scenario, connections };
          const result = await measure(services, target, load, opts);
          const run = {
            scenario: scenario.name,
            chunks: scenario.stream ? scenario.chunks : null,
            connections,
            target,
            round: roundNo,
            ...result,
          };
          runs.push(run);
          log(
            `  ${scenario.name.padEnd(24)} c=${String(connections).padEnd(3)} ${target.padEnd(10)} ${run.rps} req/s  p50 ${run.p50Ms} ms  ${run.cpuUsPerRequest} µs CPU/req`,
          );
        }
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
  if (s.count === 0) return [];
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

/** The gateway with PROMETHEUS_ENABLED=false, on its own database so its rows count apart. */
function startPlainGateway(opts, backend) {
  return startGateway(
    opts,
    backend,
    {
      PROMETHEUS_ENABLED: 'false',
      DATABASE_URL: `sqlite:${path.join(opts.tmpDir, 'gateway-no-metrics.sqlite')}`,
      SPOOL_DIR: path.join(opts.tmpDir, 'spool-no-metrics'),
    },
    'gateway-no-metrics',
  );
}

async function proxyPhase(opts, log) {
  const services = { forwarded: 0 };
  try {
    services.backend = await startBackend(opts);
    services.bare = await startBareProxy(opts, services.backend);
    services.floor = await startFloor(opts, services.backend);
    services.gateway = await startGateway(opts, services.backend);
    if (opts.targets.includes('gateway-no-metrics'))
      services.plain = await startPlainGateway(opts, services.backend);
    const idleRssMiB = {};
    for (const name of ['backend', 'bare', 'floor', 'gateway', 'plain'])
      if (services[name])
        idleRssMiB[name] = round(rssMiB(services[name].pid), 1);
    log(
      `proxy bench: ${opts.rounds} rounds of ${opts.seconds}s per run (+${opts.warmupSeconds}s warm-up), ` +
        `scenarios ${opts.scenarios.map((s) => s.name).join(', ')}; targets ${opts.targets.join(', ')}`,
    );
    const runs = await runLoad(services, opts, log);
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
      [
        services.backend,
        services.bare,
        services.floor,
        services.gateway,
        services.plain,
      ]
        .filter(Boolean)
        .map(stopService),
    );
  }
}

module.exports = { proxyPhase, TARGETS };
