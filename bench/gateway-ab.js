#!/usr/bin/env node
'use strict';
// Two builds of the gateway against the card's floor in the same rounds, for a before/after
// that a crowded machine does not blur: every round runs the floor, this gateway and the other
// one in turn (the order alternating), and the figures are medians of per-round values.
//   node bench/gateway-ab.js <other main.js> [chunks=500] [rounds=5] [seconds=3] [no-usage|include-usage|paced]
// `<other main.js>` is a built gateway (dist/apps/gateway/src/main.js of another checkout, with
// its node_modules); chunks 0 sends JSON requests. `paced` has the backend send an event every
// millisecond, so that most reach the proxies one per read, as a model's tokens do.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chatLoad } = require('./lib/load');
const { cpuMs, stopService } = require('./lib/processes');
const {
  startBackend,
  startFloor,
  startGateway,
} = require('./lib/proxy-services');

const [other, chunksArg, roundsArg, secondsArg, mode] = process.argv.slice(2);
if (!other) {
  console.error(
    'usage: node bench/gateway-ab.js <other main.js> [chunks] [rounds] [seconds] [no-usage|include-usage|paced]',
  );
  process.exit(2);
}
const chunks = Number(chunksArg ?? 500);
const rounds = Number(roundsArg ?? 5);
const seconds = Number(secondsArg ?? 3);

const median = (values) =>
  values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(service, load) {
  const cpu = {};
  const result = await chatLoad({
    ...load,
    baseUrl: `http://127.0.0.1:${service.port}`,
    onMeasure: (edge) => (cpu[edge] = cpuMs(service.pid)),
  });
  const failed =
    result.non2xx + result.errors + result.timeouts + result.incomplete;
  if (failed > 0) throw new Error(`${service.name}: ${failed} failed requests`);
  return {
    rps: result.rps,
    cpuUs: ((cpu.end - cpu.start) * 1000) / Math.max(1, result.requests),
  };
}

async function main() {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-ab-'));
  const opts = { logDir: tmpDir, tmpDir, maxSockets: 1024, nodeOptions: [] };
  const services = [];
  try {
    const backend = await startBackend(opts);
    services.push(backend);
    const floor = await startFloor(opts, backend);
    const current = await startGateway(opts, backend);
    const previous = await startGateway(
      opts,
      backend,
      {
        DATABASE_URL: `sqlite:${path.join(tmpDir, 'other.sqlite')}`,
        SPOOL_DIR: path.join(tmpDir, 'other-spool'),
      },
      'other',
      path.resolve(other),
    );
    services.push(floor, current, previous);
    const load = {
      stream: chunks > 0,
      chunks: Math.max(chunks, 20),
      connections: 32,
      noUsage: mode === 'no-usage',
      includeUsage: mode === 'include-usage',
      delayMs: mode === 'paced' ? 1 : 0,
      warmupSeconds: 1,
      seconds,
    };
    const targets = { floor, gateway: current, other: previous };
    const runs = { floor: [], gateway: [], other: [] };
    for (let round = 0; round < rounds; round++) {
      const order = Object.keys(targets);
      if (round % 2 === 1) order.reverse();
      for (const name of order)
        runs[name].push(await measure(targets[name], load));
    }
    const perChunk = Math.max(chunks, 1);
    const unit = chunks > 0 ? 'per chunk' : 'per request';
    console.log(
      `${chunks} chunks ${mode ?? ''}, c=32, ${rounds} rounds of ${seconds} s; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `floor: ${median(runs.floor.map((r) => r.cpuUs)).toFixed(0)} µs CPU/req`,
    );
    for (const name of ['other', 'gateway']) {
      const share = median(runs[name].map((r, i) => r.rps / runs.floor[i].rps));
      const over = median(
        runs[name].map((r, i) => (r.cpuUs - runs.floor[i].cpuUs) / perChunk),
      );
      console.log(
        `${name}: ${median(runs[name].map((r) => r.cpuUs)).toFixed(0)} µs CPU/req, ${(share * 100).toFixed(1)}% of the floor's req/s, ${over.toFixed(2)} µs CPU ${unit} over the floor`,
      );
    }
  } finally {
    await Promise.all(services.map(stopService));
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
