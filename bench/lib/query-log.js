'use strict';
// Preloaded (`node --require`) into a metrics app the scale phase profiles: every statement
// run on SQLite or MySQL is appended to BENCH_QUERY_LOG as one line of JSON with its
// parameters and its duration. Only the profiling pass loads it, never a timed one.
const fs = require('node:fs');

const file = process.env.BENCH_QUERY_LOG;
const fromApp = (name) =>
  require(require.resolve(name, { paths: [process.cwd()] }));

function write(started, sql, params) {
  const ms = Math.round((performance.now() - started) * 10) / 10;
  fs.appendFileSync(file, `${JSON.stringify({ ms, sql, params })}\n`);
}

// better-sqlite3 runs a statement synchronously: timed around the call itself, as the
// queries a reader starts together with Promise.all still run one after the other.
const Database = fromApp('better-sqlite3');
const Statement = Object.getPrototypeOf(
  new Database(':memory:').prepare('SELECT 1'),
);
for (const method of ['all', 'get', 'run']) {
  const original = Statement[method];
  Statement[method] = function logged(...params) {
    const started = performance.now();
    try {
      return original.apply(this, params);
    } finally {
      write(started, this.source, params.flat());
    }
  };
}

// mysql2 answers on the server's time: timed from TypeORM's call to its answer.
const { MysqlQueryRunner } = fromApp('typeorm/driver/mysql/MysqlQueryRunner');
const query = MysqlQueryRunner.prototype.query;
MysqlQueryRunner.prototype.query = async function logged(sql, params, ...rest) {
  const started = performance.now();
  try {
    return await query.call(this, sql, params, ...rest);
  } finally {
    write(started, sql, params);
  }
};
