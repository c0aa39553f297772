#!/usr/bin/env node
'use strict';
// The breakdown reader at the scale bench's size without its 45 minutes: the same 1M records
// (records.js: 30 days, 10,000 users, 500 API key ids, a `team` tag of 50 values), committed
// once through the writer's commit path into a MySQL/MariaDB database and a SQLite file that
// are kept between runs, then BreakdownReader of one or more builds timed on both windows of
// the scale phase, the builds in turn, each answer checked equal to the first build's.
//   node bench/breakdown-read.js fill            # once: ~3 minutes a database
//   node bench/breakdown-read.js time [dist...]  # default: ./dist (after `npm run build`)
//   node bench/breakdown-read.js drop            # the database and the file
// BENCH_MYSQL_URL names the server (database bench_breakdown_read on it), BENCH_SKIP_MYSQL
// skips it; BENCH_BREAKDOWN_SQLITE the file; BENCH_SCALE_REQUESTS the timed requests (9).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const { runJob } = require('./lib/processes');
const { DAY_MS } = require('./lib/records');

const ROOT = path.join(__dirname, '..');
const HOUR_MS = DAY_MS / 24;
const RECORDS = 1_000_000;
/** A fixed "now", so that a kept fixture and its windows always match. */
const NOW_MS = Date.parse('2026-11-30T14:20:27.843Z');
const DATABASE = 'bench_breakdown_read';
const REQUESTS = Number(process.env.BENCH_SCALE_REQUESTS || 9);
const SERVER = (
  process.env.BENCH_MYSQL_URL ||
  process.env.TEST_MYSQL_URL ||
  'mysql://root@127.0.0.1:3306/test'
).replace(/\/[^/]*$/, '');
const FILE =
  process.env.BENCH_BREAKDOWN_SQLITE ||
  path.join(os.tmpdir(), 'bench-breakdown-read.sqlite');

const STORES = [
  { kind: 'sqlite', url: `sqlite:${FILE}` },
  ...(process.env.BENCH_SKIP_MYSQL
    ? []
    : [{ kind: 'mysql', url: `${SERVER}/${DATABASE}` }]),
];

/** As the scale phase: the 30 days before now; 24 hours ending half past the hour before the last. */
const dayEnd = Math.floor(NOW_MS / HOUR_MS) * HOUR_MS - HOUR_MS / 2 + 1_234;
const WINDOWS = {
  '30 days': { start: new Date(NOW_MS - 30 * DAY_MS) },
  '24 hours': { start: new Date(dayEnd - DAY_MS), end: new Date(dayEnd) },
};
const QUERIES = [
  ['by=user', { by: 'user', sort: 'requests' }],
  ['by=user sort=cost', { by: 'user', sort: 'cost' }],
  ['by=api_key', { by: 'api_key', sort: 'requests' }],
  ['by=tag:team', { by: 'tag:team', sort: 'requests' }],
  ['by=model', { by: 'model', sort: 'requests' }],
];

async function admin(fn) {
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection({ uri: SERVER });
  try {
    return await fn(connection);
  } finally {
    await connection.end();
  }
}

async function recordsIn(store) {
  if (store.kind === 'sqlite') {
    if (!fs.existsSync(FILE)) return 0;
    const Database = require('better-sqlite3');
    const db = new Database(FILE, { readonly: true });
    try {
      return db.prepare('SELECT COUNT(*) AS n FROM request_records').get().n;
    } catch {
      return 0;
    } finally {
      db.close();
    }
  }
  return admin(async (c) => {
    const [rows] = await c.query(
      `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'request_records'`,
      [DATABASE],
    );
    if (Number(rows[0].n) === 0) return 0;
    const [[row]] = await c.query(
      `SELECT COUNT(*) AS n FROM \`${DATABASE}\`.request_records`,
    );
    return Number(row.n);
  });
}

async function drop(store) {
  if (store.kind === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm'])
      fs.rmSync(`${FILE}${suffix}`, { force: true });
    return;
  }
  await admin((c) => c.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``));
}

async function fill(store) {
  const found = await recordsIn(store);
  if (found === RECORDS) return console.log(`${store.kind}: kept (${found})`);
  await drop(store);
  if (store.kind === 'mysql') {
    await admin((c) =>
      c.query(`CREATE DATABASE \`${DATABASE}\` CHARACTER SET utf8mb4`),
    );
  }
  const job = {
    ...{ dist: path.join(ROOT, 'dist'), url: store.url, count: RECORDS },
    ...{ endMs: NOW_MS, spanMs: 30 * DAY_MS, batch: 1_000, seed: 1 },
    warmup: 0,
  };
  const started = performance.now();
  const result = await runJob({
    name: `breakdown-read-fill-${store.kind}`,
    args: ['bench/lib/commit-records.js', JSON.stringify(job)],
    logDir: os.tmpdir(),
    onLine: (line) => console.log(`${store.kind}: ${line}`),
  });
  const seconds = Math.round((performance.now() - started) / 1000);
  console.log(`${store.kind}: filled in ${seconds}s`, result.tableRows);
}

/** A reader of one build, with the TypeORM that build loads. */
async function readerOf(dist, store) {
  const lib = (file) =>
    require(path.resolve(dist, 'libs/persistence/src', file));
  const { buildDataSourceOptions } = lib('index');
  const { BreakdownReader } = lib('reader/breakdown-reader');
  const { DataSource } = require(
    require.resolve('typeorm', { paths: [path.resolve(dist)] }),
  );
  const dataSource = await new DataSource(
    buildDataSourceOptions(store.url),
  ).initialize();
  const reader = new BreakdownReader({ get: async () => dataSource });
  return { dist, reader, close: () => dataSource.destroy() };
}

const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];

async function timeOne(build, query) {
  const answer = await build.reader.breakdown(query);
  const ms = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    const started = performance.now();
    await build.reader.breakdown(query);
    ms.push(performance.now() - started);
  }
  return {
    answer,
    ms: Math.round(median(ms)),
    max: Math.round(Math.max(...ms)),
  };
}

async function time(store, dists) {
  if ((await recordsIn(store)) !== RECORDS) {
    throw new Error(`${store.kind} holds no fixture: run fill first`);
  }
  const builds = [];
  for (const dist of dists) builds.push(await readerOf(dist, store));
  try {
    for (const [windowName, window] of Object.entries(WINDOWS)) {
      for (const [name, asked] of QUERIES) {
        const query = { ...asked, window, top: 10 };
        const figures = [];
        for (const build of builds) figures.push(await timeOne(build, query));
        const same = figures.every((f) =>
          isDeepStrictEqual(f.answer, figures[0].answer),
        );
        const shown = figures.map((f) => `${f.ms} ms (max ${f.max})`);
        console.log(
          `${store.kind} ${windowName} ${name}: ${shown.join(' | ')}${same ? '' : '  !!!!! ANSWERS DIFFER !!!!!'}`,
        );
      }
    }
  } finally {
    for (const build of builds) await build.close();
  }
}

async function main() {
  const [mode = 'time', ...dists] = process.argv.slice(2);
  for (const store of STORES) {
    if (mode === 'fill') await fill(store);
    else if (mode === 'drop') await drop(store);
    else if (mode === 'time')
      await time(store, dists.length ? dists : ['dist']);
    else throw new Error(`unknown mode ${mode}: fill, time or drop`);
  }
  if (mode === 'time')
    console.log(`builds: ${(dists.length ? dists : ['dist']).join(' | ')}`);
}

main().catch((error) => {
  console.error(error.stack);
  process.exitCode = 1;
});
