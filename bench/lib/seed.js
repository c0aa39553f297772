'use strict';
// Fills request_records (created by the app's migrations) with made-up but plausible rows
// (records.js): 30 days of traffic. Each row is made as the gateway makes a record and turned
// into the INSERT's values by the writer's own code, so the columns are the entity's; tags are
// left out. The rows go in behind the writer's back: the caller rebuilds the rollup tables
// afterwards.
const { generator, randomRecord } = require('./records');

/** Loaded when needed: the bench builds dist/ after this file is loaded. */
const insert = () =>
  require('../../dist/libs/persistence/src/writer/insert-statement');
const columns = () => insert().RECORD_COLUMNS;

/** A record's values in the INSERT's column order. */
function valuesOf(record) {
  const values = [];
  insert().pushRecordValues(record, values);
  return values;
}

/** Rows `from` (inclusive) to `to` (exclusive), in batches of `size`. */
function* batches(from, to, size, nowMs) {
  const rand = generator(from + 1);
  for (let start = from; start < to; start += size) {
    const end = Math.min(to, start + size);
    const rows = [];
    for (let i = start; i < end; i += 1)
      rows.push(valuesOf(randomRecord(rand, nowMs, i)));
    yield rows;
  }
}

const SQLITE_ROWS_PER_INSERT = 500;
const SQLITE_ROWS_PER_TRANSACTION = 50_000;

function seedSqlite(file, from, to, nowMs) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.pragma('synchronous = OFF');
    const row = `(${columns()
      .map(() => '?')
      .join(',')})`;
    const sql = (n) =>
      `INSERT INTO request_records (${columns().join(',')}) VALUES ${Array(n).fill(row).join(',')}`;
    const full = db.prepare(sql(SQLITE_ROWS_PER_INSERT));
    const insert = db.transaction((rows) => {
      for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_INSERT) {
        const slice = rows.slice(i, i + SQLITE_ROWS_PER_INSERT);
        const stmt =
          slice.length === SQLITE_ROWS_PER_INSERT
            ? full
            : db.prepare(sql(slice.length));
        stmt.run(slice.flat());
      }
    });
    for (const rows of batches(from, to, SQLITE_ROWS_PER_TRANSACTION, nowMs))
      insert(rows);
  } finally {
    db.close();
  }
}

const MYSQL_ROWS_PER_INSERT = 2_000;

async function seedMysql(connection, from, to, nowMs) {
  const sql = `INSERT INTO request_records (${columns().join(',')}) VALUES ?`;
  for (const rows of batches(from, to, MYSQL_ROWS_PER_INSERT, nowMs)) {
    await connection.query(sql, [rows]);
  }
}

module.exports = { seedSqlite, seedMysql };
