'use strict';
// What the record spool costs: the gateway with its spool and with SPOOL_DIR=off, side by
// side, loaded in turn (the order alternating each round) so that drift in the machine's load
// falls on both alike.
const path = require('node:path');
const { chatLoad, round } = require('./load');
const { cpuMs, stopService } = require('./processes');
const { startBackend, startGateway } = require('./proxy-services');

const MODES = [
  { name: 'json', stream: false, chunks: 20 },
  { name: 'stream-500', stream: true, chunks: 500 },
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function startPair(opts, backend) {
  const database = (name) =>
    `sqlite:${path.join(opts.tmpDir, `${name}.sqlite`)}`;
  return {
    on: await startGateway(
      opts,
      backend,
      {
        DATABASE_URL: database('spool-on'),
        SPOOL_DIR: path.join(opts.tmpDir, 'spool-bench'),
      },
      'gateway-spool-on',
    ),
    off: await startGateway(
      opts,
      backend,
      { DATABASE_URL: database('spool-off'), SPOOL_DIR: 'off' },
      'gateway-spool-off',
    ),
  };
}

async function measureMode(gateways, mode, opts, log) {
  const rps = { on: [], off: [] };
  // CPU time per request moves far less than throughput when others share the machine.
  const cpuUs = { on: [], off: [] };
  for (let i = 0; i < opts.rounds; i++) {
    const order = i % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
    for (const variant of order) {
      const { pid } = gateways[variant];
      const cpu = {};
      const result = await chatLoad({
        baseUrl: `http://127.0.0.1:${gateways[variant].port}`,
        stream: mode.stream,
        chunks: mode.chunks,
        connections: opts.connections,
        warmupSeconds: opts.warmupSeconds,
        seconds: opts.seconds,
        onMeasure: (edge) => (cpu[edge] = cpuMs(pid)),
      });
      rps[variant].push(result.rps);
      cpuUs[variant].push(
        Math.round(((cpu.end - cpu.start) * 1000) / result.requests),
      );
      log(
        `  ${mode.name.padEnd(10)} round ${i + 1} spool ${variant.padEnd(3)} ${result.rps} req/s, ${cpuUs[variant].at(-1)} CPU us/req`,
      );
    }
  }
  const on = median(rps.on);
  const off = median(rps.off);
  return {
    mode: mode.name,
    cpuUs,
    cpuRatio: round(median(cpuUs.on) / median(cpuUs.off), 3),
    chunks: mode.chunks,
    rps,
    medianOn: on,
    medianOff: off,
    ratio: round(on / off, 3),
  };
}

/** `opts.spool`: rounds, seconds, warmupSeconds, connections. */
async function spoolPhase(opts, log) {
  const settings = { ...opts, ...opts.spool };
  const backend = await startBackend(opts);
  let gateways;
  try {
    gateways = await startPair(opts, backend);
    log(
      `spool cost: ${settings.rounds} rounds of ${settings.seconds}s per variant at c=${settings.connections}`,
    );
    const results = [];
    for (const mode of MODES) {
      const result = await measureMode(gateways, mode, settings, log);
      log(
        `  ${mode.name}: spool on/off ${result.ratio} (median ${result.medianOn} vs ${result.medianOff} req/s)`,
      );
      results.push(result);
    }
    return results;
  } finally {
    await Promise.all(
      [backend, gateways?.on, gateways?.off].filter(Boolean).map(stopService),
    );
  }
}

module.exports = { spoolPhase };
