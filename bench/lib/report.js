'use strict';
// Turns the raw results into ratios against the baselines, checks them against the targets
// and writes bench/results/<name>.json.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { round } = require('./load');

function machineInfo() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((value) => round(value, 2)),
  };
}

/** Adds, to every bare-proxy and gateway run, its cost over the direct run and over bare. */
function withRatios(runs) {
  const find = (run, target) =>
    runs.find(
      (r) =>
        r.mode === run.mode &&
        r.connections === run.connections &&
        r.target === target,
    );
  return runs.map((run) => {
    if (run.target === 'direct') return run;
    const direct = find(run, 'direct');
    const bare = find(run, 'bare-proxy');
    const plain = find(run, 'gateway-no-metrics');
    return {
      ...run,
      addedP50Ms: round(run.p50Ms - direct.p50Ms),
      addedP99Ms: round(run.p99Ms - direct.p99Ms),
      pctOfBare:
        run.target === 'gateway' ? round((100 * run.rps) / bare.rps, 1) : null,
      cpuVsBare:
        run.target === 'gateway'
          ? round(run.cpuUsPerRequest / bare.cpuUsPerRequest, 1)
          : null,
      // req/s lost to the instrumentation (negative: within noise, the metered one was faster).
      metricsCostPct:
        run.target === 'gateway' && plain
          ? round(100 * (1 - run.rps / plain.rps), 1)
          : null,
    };
  });
}

function targets(proxy, metricsApi) {
  const list = [];
  const add = (name, value, met) => list.push({ target: name, value, met });
  const gw = (mode, c) =>
    proxy?.runs.find(
      (r) => r.mode === mode && r.connections === c && r.target === 'gateway',
    );
  for (const mode of ['json', 'stream']) {
    const at32 = gw(mode, 32);
    if (at32)
      add(
        `gateway req/s >= 75% of bare proxy at c=32 (${mode})`,
        `${at32.pctOfBare}%`,
        at32.pctOfBare >= 75,
      );
    if (at32?.metricsCostPct != null)
      add(
        `instrumentation costs < 5% of gateway req/s at c=32 (${mode})`,
        `${at32.metricsCostPct}%`,
        at32.metricsCostPct < 5,
      );
    const at1 = gw(mode, 1);
    if (at1)
      add(
        `gateway p50 added latency < 1 ms at c=1 (${mode})`,
        `${at1.addedP50Ms} ms`,
        at1.addedP50Ms < 1,
      );
  }
  const held = proxy?.streams.find((s) => s.target === 'gateway');
  if (held) {
    const ok = held.completed === held.count && held.rssPeakMiB < 300;
    add(
      `${held.count} slow streams all complete, gateway RSS < 300 MiB`,
      `${held.completed}/${held.count}, peak ${held.rssPeakMiB} MiB`,
      ok,
    );
  }
  for (const store of metricsApi ?? []) {
    if (store.skipped) {
      add(
        `/metrics p50 < 250 ms at 1M rows (${store.database})`,
        `skipped: ${store.skipped}`,
        null,
      );
      continue;
    }
    const largest = store.sizes[store.sizes.length - 1];
    const m = largest?.metrics;
    add(
      `/metrics p50 < 250 ms at ${largest.rows} rows (${store.database})`,
      m?.status === 200 ? `${m.p50Ms} ms` : `status ${m?.status}`,
      m?.status === 200 ? m.p50Ms < 250 : false,
    );
    const l = store.listing;
    add(
      `listing all ${l.rows} rows, RSS growth < 100 MiB (${store.database})`,
      l.status === 200
        ? `+${l.rssGrowthMiB} MiB, ${l.rowsRead} rows read`
        : `status ${l.status}`,
      l.status === 200 && l.rowsRead === l.rows && l.rssGrowthMiB < 100,
    );
  }
  return list;
}

function writeReport(report, name) {
  const dir = path.join(__dirname, '..', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

module.exports = { machineInfo, withRatios, targets, writeReport };
