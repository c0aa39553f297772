'use strict';
// The metrics API bench: on each store, the table grows to each size in turn; at each size
// the two endpoints are timed, and at the largest the whole listing is read once.
const { freePort, startService, stopService } = require('./processes');
const { latencyOf, listAll } = require('./http-client');
const { sqliteStore, mysqlStore } = require('./databases');
const { round } = require('./load');

const SEQUENTIAL_REQUESTS = 20;
/** Past this, a figure is taken over fewer requests (at least 5) to bound the run. */
const FIGURE_BUDGET_MS = 30_000;
const LISTING_TIMEOUT_MS = 240_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** All time; the last 24 hours cut mid-hour, as a dashboard asks; the newest page of rows. */
const endpoints = (nowMs) => ({
  metrics: '/metrics',
  metricsDay: `/metrics?start=${new Date(nowMs - DAY_MS + 1_234_567).toISOString()}`,
  page: '/completion_requests?limit=100',
});

/** `queryLog`: a file every statement is appended to (query-log.js), for a profiling pass. */
async function startMetricsApi(store, logDir, queryLog) {
  const port = await freePort();
  const preload = queryLog ? ['--require', './bench/lib/query-log.js'] : [];
  return startService({
    name: `metrics-${store.kind}${queryLog ? '-profiled' : ''}`,
    args: [...preload, 'dist/apps/metrics/src/main.js'],
    env: {
      DATABASE_URL: store.url,
      METRICS_PORT: String(port),
      METRICS_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...(queryLog ? { BENCH_QUERY_LOG: queryLog } : {}),
    },
    port,
    readyPath: '/health',
    logDir,
  });
}

async function benchStore(store, opts, log) {
  const api = await startMetricsApi(store, opts.logDir);
  const result = { database: store.kind, sizes: [], listing: null };
  try {
    let seeded = 0;
    for (const rows of opts.rows) {
      const started = performance.now();
      await store.seed(seeded, rows, opts.nowMs);
      const seedSeconds = round((performance.now() - started) / 1000, 1);
      seeded = rows;
      const size = { rows, seedSeconds };
      for (const [name, urlPath] of Object.entries(endpoints(opts.nowMs))) {
        size[name] = await latencyOf(
          api.port,
          urlPath,
          SEQUENTIAL_REQUESTS,
          FIGURE_BUDGET_MS,
        );
      }
      result.sizes.push(size);
      log(
        `  ${store.kind} ${rows} rows (seeded in ${seedSeconds}s): /metrics ${describe(size.metrics)}, last 24 h ${describe(size.metricsDay)}, ?limit=100 ${describe(size.page)}`,
      );
    }
    log(`  ${store.kind}: listing all ${seeded} rows...`);
    result.listing = {
      rows: seeded,
      ...(await listAll(api, '/completion_requests', LISTING_TIMEOUT_MS)),
    };
    const l = result.listing;
    log(
      `  ${store.kind}: listed ${l.rowsRead} of ${l.rows} rows, ${l.megabytes} MB in ${l.seconds}s (status ${l.status}), RSS +${l.rssGrowthMiB} MiB`,
    );
    return result;
  } finally {
    await stopService(api);
  }
}

function describe(latency) {
  return latency.status === 200
    ? `p50 ${latency.p50Ms} ms p99 ${latency.p99Ms} ms (n=${latency.count})`
    : `status ${latency.status}`;
}

async function metricsPhase(opts, log) {
  log(
    `metrics API bench: ${opts.rows.join(' / ')} rows, ${SEQUENTIAL_REQUESTS} sequential requests per figure`,
  );
  const results = [];
  const stores = [
    () => sqliteStore(opts.tmpDir),
    () => mysqlStore(opts.mysqlUrl),
  ];
  if (opts.skipMysql) stores.pop();
  for (const open of stores) {
    const store = await open();
    if (!store) {
      results.push({ database: 'mysql', skipped: 'no server answered' });
      continue;
    }
    // Registered so that Ctrl-C still drops the MySQL database.
    opts.cleanups.add(store.close);
    try {
      results.push(await benchStore(store, opts, log));
    } finally {
      opts.cleanups.delete(store.close);
      await store.close();
    }
  }
  if (opts.skipMysql) {
    log('\n!!!!! MySQL SKIPPED: BENCH_SKIP_MYSQL is set !!!!!\n');
    results.push({ database: 'mysql', skipped: 'BENCH_SKIP_MYSQL is set' });
  }
  return results;
}

module.exports = { metricsPhase, startMetricsApi };
