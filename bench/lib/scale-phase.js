'use strict';
// The scale bench: 1M records over 30 days (10,000 users, 500 API key ids, a `team` tag of 50
// values) committed through the record writer's own commit path, so every rollup is kept as
// in production, into a fresh SQLite file and a fresh MySQL/MariaDB database; then the
// breakdowns and, for reference, /metrics and its time series, over the 30 days and over the
// last 24 hours cut mid-hour, timed through the metrics app over HTTP; the statements of
// those over 300 ms profiled (scale-profile.js).
const fs = require('node:fs');
const path = require('node:path');
const { get, latencyOf } = require('./http-client');
const { mysqlServer } = require('./databases');
const { startMetricsApi } = require('./metrics-phase');
const { runJob, stopService } = require('./processes');
const { profileSlow } = require('./scale-profile');
const { halvingWhileRefused } = require('./batch-fallback');
const { DAY_MS } = require('./records');
const { round } = require('./load');

const ROOT = path.join(__dirname, '..', '..');
const HOUR_MS = DAY_MS / 24;
/**
 * The largest RECORD_BATCH_SIZE the writer takes, the fastest its commit path goes; halved
 * while the database refuses the statements of a batch that large (batch-fallback.js).
 */
const SEED_BATCH = 1_000;
const FIGURE_BUDGET_MS = 30_000;
const TARGET_MS = 300;

/** The 30 days of records; 24 hours ending half past the hour before the last. */
function windows(nowMs) {
  const dayEnd = Math.floor(nowMs / HOUR_MS) * HOUR_MS - HOUR_MS / 2 + 1_234;
  const iso = (ms) => new Date(ms).toISOString();
  return {
    '30 days': `start=${iso(nowMs - 30 * DAY_MS)}`,
    '24 hours': `start=${iso(dayEnd - DAY_MS)}&end=${iso(dayEnd)}`,
  };
}

/** [name, path and query before the window's, held to the 300 ms target]. */
const QUERIES = [
  ['breakdown by=user', '/metrics/breakdown?by=user', true],
  ['breakdown by=user sort=cost', '/metrics/breakdown?by=user&sort=cost'],
  ['breakdown by=api_key', '/metrics/breakdown?by=api_key'],
  ['breakdown by=tag:team', '/metrics/breakdown?by=tag:team'],
  ['breakdown by=model', '/metrics/breakdown?by=model'],
  ['/metrics', '/metrics?'],
  ['/metrics/timeseries', '/metrics/timeseries?'],
];

/** Commits the records through the current build's writer path, printing its rate. */
function seedAt(batch, store, opts, log) {
  const job = {
    dist: path.join(ROOT, 'dist'),
    url: store.url,
    count: opts.scale.records,
    endMs: opts.nowMs,
    spanMs: 30 * DAY_MS,
    batch,
    seed: 1,
    warmup: 0,
  };
  const started = performance.now();
  return runJob({
    name: `seed-${store.kind}`,
    args: ['bench/lib/commit-records.js', JSON.stringify(job)],
    logDir: opts.logDir,
    onLine: (line) => {
      if (!line.startsWith('progress ')) return;
      const done = Number(line.slice('progress '.length));
      const seconds = (performance.now() - started) / 1000;
      log(
        `  ${store.kind}: ${done} records in ${round(seconds, 1)}s (${Math.round(done / seconds)}/s)`,
      );
    },
  });
}

async function seed(store, opts, log) {
  const started = performance.now();
  const { batch, result, refused } = await halvingWhileRefused(
    SEED_BATCH,
    (size) => seedAt(size, store, opts, log),
    async (size, reason) => {
      log(
        `\n!!!!! ${store.kind} refused a batch of ${size}: ${reason} !!!!!\n`,
      );
      await store.reset();
    },
  );
  const seeded = { ...result, batch, refused };
  seeded.wallSeconds = round((performance.now() - started) / 1000, 1);
  log(
    `  ${store.kind}: seeded ${seeded.records} records in batches of ${batch} in ${seeded.wallSeconds}s, ${seeded.recordsPerSecond} records/s committing; rows ${JSON.stringify(seeded.tableRows)}`,
  );
  return seeded;
}

/** What a breakdown answered, to show it counted what was seeded. */
async function answerOf(port, urlPath) {
  const chunks = [];
  const answer = await get(port, urlPath, { onData: (c) => chunks.push(c) });
  if (answer.status !== 200) return { status: answer.status };
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  return {
    status: 200,
    distinctValues: body.distinct_values ?? null,
    rows: body.rows?.length ?? null,
    requests: body.rows
      ? [...body.rows, body.other, body.none]
          .filter(Boolean)
          .reduce((n, row) => n + row.requests, 0)
      : (body.total_requests ?? null),
  };
}

async function timeQueries(api, opts, log, kind) {
  const figures = [];
  for (const [window, query] of Object.entries(windows(opts.nowMs))) {
    for (const [name, prefix, held] of QUERIES) {
      const urlPath = `${prefix}${prefix.endsWith('?') ? '' : '&'}${query}`;
      const latency = await latencyOf(
        api.port,
        urlPath,
        opts.scale.requests,
        FIGURE_BUDGET_MS,
      );
      const answer = await answerOf(api.port, urlPath);
      const figure = { name, window, path: urlPath, held: Boolean(held) };
      Object.assign(figure, latency, { answer });
      figure.met = latency.status === 200 && latency.p50Ms < TARGET_MS;
      figures.push(figure);
      log(
        `  ${kind} ${name} over ${window}: ${latency.status === 200 ? `median ${latency.p50Ms} ms, max ${latency.p99Ms} ms (n=${latency.count})` : `status ${latency.status}`}`,
      );
    }
  }
  return figures;
}

async function scaleStore(store, opts, log) {
  const seeded = await seed(store, opts, log);
  if (store.file) seeded.fileMiB = round(fileMiB(store.file), 1);
  const api = await startMetricsApi(store, opts.logDir);
  let queries;
  try {
    queries = await timeQueries(api, opts, log, store.kind);
  } finally {
    await stopService(api);
  }
  await profileSlow(store, queries, opts, log);
  return { database: store.kind, seed: seeded, queries };
}

/** The SQLite file with its write-ahead log. */
const fileMiB = (file) =>
  ['', '-wal']
    .map((suffix) => `${file}${suffix}`)
    .filter((f) => fs.existsSync(f))
    .reduce((n, f) => n + fs.statSync(f).size / 1024 ** 2, 0);

async function scalePhase(opts, log) {
  log(
    `scale bench: ${opts.scale.records} records over 30 days through the writer's commit path (batches of up to ${SEED_BATCH}), ${opts.scale.requests} warm requests per figure`,
  );
  const file = path.join(opts.tmpDir, 'scale.sqlite');
  const reset = async () => {
    for (const suffix of ['', '-wal', '-shm'])
      fs.rmSync(`${file}${suffix}`, { force: true });
  };
  const sqlite = { kind: 'sqlite', url: `sqlite:${file}`, file, reset };
  const results = [await scaleStore(sqlite, opts, log)];
  await reset();
  if (opts.skipMysql) {
    results.push({ database: 'mysql', skipped: 'BENCH_SKIP_MYSQL is set' });
    return results;
  }
  const server = await mysqlServer(opts.mysqlUrl);
  if (!server) {
    results.push({ database: 'mysql', skipped: 'no server answered' });
    return results;
  }
  // Registered so that Ctrl-C still drops the database.
  opts.cleanups.add(server.close);
  try {
    const { url, name } = await server.create('scale');
    const reset = () => server.recreate(name);
    results.push(await scaleStore({ kind: 'mysql', url, reset }, opts, log));
  } finally {
    opts.cleanups.delete(server.close);
    await server.close();
  }
  return results;
}

module.exports = { scalePhase, TARGET_MS };
