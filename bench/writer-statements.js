#!/usr/bin/env node
'use strict';
// Where a build's writer spends its time, statement by statement: generated records (those of
// the writer phase) committed through the build's commit path into a fresh database, each
// statement timed, then a line per statement text (its rows folded) with µs per record, rows
// per batch and µs per row. "Total" is the whole commit, COMMIT and JavaScript included.
//   node bench/writer-statements.js <dist> <database url> [records=20000] [batch=500]
// The database must be empty (a new SQLite file, or an empty MySQL database).
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { timeOrdered } = require('./lib/records');

const [dist, url, recordsArg = '20000', batchArg = '500'] =
  process.argv.slice(2);
if (!dist || !url) {
  console.error(
    'usage: node bench/writer-statements.js <dist> <database url> [records] [batch]',
  );
  process.exit(2);
}
const records = Number(recordsArg);
const batch = Number(batchArg);
const warmup = 2 * batch;
const DAY_MS = 86_400_000;

const lib = (file) => require(path.resolve(dist, 'libs/persistence/src', file));
const L = {
  ...lib('index'),
  ...lib('writer/commit-batch'),
  ...lib('writer/tag-statements'),
  ...lib('sql/dialect'),
};
const fromDist = (name) => require(require.resolve(name, { paths: [dist] }));
const { DataSource, EntityManager } = fromDist('typeorm');

const times = new Map();
let timing = false;
/** The statement's text with its VALUES lists folded, and how many rows it carries. */
const shapeOf = (sql) => ({
  label: sql
    .replace(/\s+/g, ' ')
    .replace(/\(\?[^)]*\)(, ?\(\?[^)]*\))*/g, '(..)')
    .slice(0, 80),
  rows: (sql.match(/\),\s*\(/g) || []).length + 1,
});
function count(sql, started) {
  if (!timing) return;
  const { label, rows } = shapeOf(sql);
  const t = times.get(label) ?? { us: 0, rows: 0 };
  t.us += (performance.now() - started) * 1000;
  t.rows += rows;
  times.set(label, t);
}

// MySQL: every statement goes through EntityManager.query.
const query = EntityManager.prototype.query;
EntityManager.prototype.query = async function (sql, params) {
  const started = performance.now();
  try {
    return await query.call(this, sql, params);
  } finally {
    count(sql, started);
  }
};

// SQLite: statements are compiled once and run synchronously; time each run.
function timeSqlite(dataSource) {
  const db = dataSource.driver.databaseConnection;
  const prepare = Object.getPrototypeOf(db).prepare;
  db.prepare = function (sql) {
    const statement = prepare.call(this, sql);
    for (const method of ['run', 'all']) {
      const original = statement[method].bind(statement);
      statement[method] = (...args) => {
        const started = performance.now();
        try {
          return original(...args);
        } finally {
          count(sql, started);
        }
      };
    }
    return statement;
  };
}

async function main() {
  const dataSource = await new DataSource(
    L.buildDataSourceOptions(url),
  ).initialize();
  try {
    await L.runMigrations(dataSource);
    let ids;
    if (L.dialectOf(dataSource) === 'mysql') {
      const [row] = await dataSource.query(
        'SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step',
      );
      ids = L.idAllocationOf(Number(row.mode), Number(row.step));
    } else timeSqlite(dataSource);
    let done = 0;
    let ms = 0;
    const total = records + warmup;
    const spanMs = (total * 30 * DAY_MS) / 1_000_000;
    for (const list of timeOrdered({
      count: total,
      endMs: Date.now(),
      spanMs,
      size: batch,
      seed: 2,
    })) {
      timing = done >= warmup;
      const started = performance.now();
      await L.commitBatch(
        dataSource,
        list.map((record) => ({ uid: randomUUID(), record })),
        ids,
      );
      if (timing) ms += performance.now() - started;
      done += list.length;
    }
    const per = (us) => (us / records).toFixed(1).padStart(6);
    let statements = 0;
    console.log(
      `${per(ms * 1000)} µs/record in all (${records} records in batches of ${batch} after ${warmup} unmeasured)`,
    );
    for (const [label, t] of [...times].sort((a, b) => b[1].us - a[1].us)) {
      statements += t.us;
      const rows = Math.round(t.rows / (records / batch));
      console.log(
        `${per(t.us)} µs/record ${String(rows).padStart(6)} rows/batch ${(t.us / t.rows).toFixed(1).padStart(6)} µs/row  ${label}`,
      );
    }
    console.log(
      `${per(statements)} µs/record in statements; the rest is COMMIT and JavaScript`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error.stack);
  process.exitCode = 1;
});
