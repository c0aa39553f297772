#!/usr/bin/env node
'use strict';
// `npm run bench`: the gateway against a bare http-proxy and against the backend itself, then
// the metrics API over growing tables on SQLite and MySQL, then the breakdowns over 1M records
// written through the writer and the writer's throughput against a baseline build. See
// bench/README.md.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { killAllNow, stopAll } = require('./lib/processes');
const { proxyPhase } = require('./lib/proxy-phase');
const { metricsPhase } = require('./lib/metrics-phase');
const { spoolPhase } = require('./lib/spool-phase');
const { scalePhase } = require('./lib/scale-phase');
const { writerPhase } = require('./lib/writer-phase');
const { markdown } = require('./lib/markdown');
const { selectScenarios } = require('./lib/scenarios');
const {
  machineInfo,
  summarize,
  targets,
  writeReport,
} = require('./lib/report');

const WATCHDOG_MS = 90 * 60 * 1000;
// gateway-no-metrics: the same gateway with PROMETHEUS_ENABLED=false, for the cost of the
// instrumentation.
const TARGET_NAMES = [
  'direct',
  'bare-proxy',
  'floor',
  'gateway',
  'gateway-no-metrics',
];

const list = (value, fallback) =>
  value ? value.split(',').map(Number) : fallback;
const names = (value) => (value ? value.split(',').map((v) => v.trim()) : null);

/** BENCH_TARGETS picks targets; the gateway and the floor are always measured. */
function pickTargets(value) {
  const wanted = names(value);
  if (!wanted) return TARGET_NAMES;
  return TARGET_NAMES.filter(
    (t) => t === 'gateway' || t === 'floor' || wanted.includes(t),
  );
}

function options(tmpDir) {
  const env = process.env;
  return {
    name: env.BENCH_NAME || 'latest',
    only: env.BENCH_ONLY || 'all',
    tmpDir,
    logDir: tmpDir,
    seconds: Number(env.BENCH_SECONDS || env.BENCH_DURATION || 3),
    warmupSeconds: Number(env.BENCH_WARMUP_SECONDS || 1),
    rounds: Number(env.BENCH_ROUNDS || 3),
    scenarios: selectScenarios(
      names(env.BENCH_SCENARIOS),
      env.BENCH_CONCURRENCY ? list(env.BENCH_CONCURRENCY) : null,
    ),
    targets: pickTargets(env.BENCH_TARGETS),
    maxSockets: 1024,
    nodeOptions: (env.BENCH_GATEWAY_NODE_OPTIONS || '')
      .split(' ')
      .filter(Boolean),
    // Opening a loopback connection costs about 1 ms here: 1 s streams would end before the
    // last ones connect, so each stream lasts 4 s and the backend sees them all at once.
    streams: {
      count: Number(env.BENCH_STREAMS ?? 1000),
      chunks: 20,
      delayMs: 200,
      timeoutMs: 60_000,
    },
    // The spool's cost: the gateway with and without it, json and 500-chunk streams.
    spool: {
      rounds: Number(env.BENCH_SPOOL_ROUNDS || 3),
      seconds: Number(env.BENCH_SPOOL_SECONDS || env.BENCH_SECONDS || 5),
      warmupSeconds: 1,
      connections: 32,
    },
    rows: list(env.BENCH_ROWS, [10_000, 100_000, 1_000_000]),
    mysqlUrl:
      env.BENCH_MYSQL_URL ||
      env.TEST_MYSQL_URL ||
      'mysql://root@127.0.0.1:3306/test',
    skipMysql: Boolean(env.BENCH_SKIP_MYSQL),
    // 1M records over 30 days through the writer, then the breakdowns timed.
    scale: {
      records: Number(env.BENCH_SCALE_RECORDS || 1_000_000),
      requests: Number(env.BENCH_SCALE_REQUESTS || 9),
    },
    // The writer's records/s against a baseline build's, rounds alternating.
    writer: {
      baselineDist: env.BENCH_BASELINE_DIST || null,
      records: Number(env.BENCH_WRITER_RECORDS || 20_000),
      rounds: Number(env.BENCH_WRITER_ROUNDS || 6),
    },
    nowMs: Date.now(),
    cleanups: new Set(),
  };
}

let quiet = false;
/** Silent once interrupted: the phases still unwinding have nothing useful left to say. */
const log = (line) => quiet || console.log(line);

async function cleanUp(opts) {
  await stopAll();
  for (const close of opts.cleanups)
    await close().catch((error) => log(`cleanup: ${error.message}`));
  opts.cleanups.clear();
  fs.rmSync(opts.tmpDir, { recursive: true, force: true });
}

async function main() {
  const root = path.join(__dirname, '..');
  execFileSync(
    process.execPath,
    [path.join(root, 'scripts', 'build-if-needed.js')],
    { cwd: root, stdio: 'inherit' },
  );
  const opts = options(
    fs.mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-bench-')),
  );
  let interrupted = false;
  const abort = (reason) => {
    if (interrupted) return;
    interrupted = true;
    log(`\n${reason}: stopping child processes and removing temporary files`);
    quiet = true;
    cleanUp(opts).finally(() => process.exit(130));
  };
  process.once('SIGINT', () => abort('interrupted'));
  process.once('SIGTERM', () => abort('terminated'));
  process.once('exit', killAllNow);
  const watchdog = setTimeout(
    () => abort(`over ${WATCHDOG_MS / 60_000} minutes`),
    WATCHDOG_MS,
  );
  watchdog.unref();

  const started = Date.now();
  const report = {
    startedAt: new Date(started).toISOString(),
    machine: machineInfo(),
    config: publicOptions(opts),
  };
  try {
    const runs = (phase) => opts.only === 'all' || opts.only === phase;
    if (runs('proxy')) {
      const proxy = await proxyPhase(opts, log);
      report.proxy = { ...proxy, scenarios: summarize(proxy.runs) };
    }
    if (runs('proxy') || runs('spool'))
      report.spool = await spoolPhase(opts, log);
    if (runs('metrics')) report.metricsApi = await metricsPhase(opts, log);
    if (runs('scale')) report.scale = await scalePhase(opts, log);
    if (runs('scale') || runs('writer'))
      report.writer = await writerPhase(opts, log);
  } catch (error) {
    log(`bench failed: ${error.stack}`);
    report.error = error.message;
    process.exitCode = 1;
  } finally {
    if (!interrupted) await cleanUp(opts);
  }
  if (interrupted) return;
  report.durationSeconds = Math.round((Date.now() - started) / 1000);
  report.machine.loadAverageAtEnd = os
    .loadavg()
    .map((v) => Math.round(v * 100) / 100);
  report.targets = targets(report);
  const file = writeReport(report, opts.name);
  log(
    `\n${markdown(report)}\n\nwritten to ${path.relative(process.cwd(), file)}`,
  );
}

function publicOptions(opts) {
  const {
    seconds,
    warmupSeconds,
    rounds,
    scenarios,
    targets: measured,
    maxSockets,
    streams,
    spool,
    rows,
    skipMysql,
    scale,
    writer,
  } = opts;
  return {
    spool,
    seconds,
    warmupSeconds,
    rounds,
    scenarios,
    targets: measured,
    upstreamMaxSockets: maxSockets,
    streams,
    rows,
    skipMysql,
    scale,
    writer,
    gatewayNodeOptions: opts.nodeOptions,
  };
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
