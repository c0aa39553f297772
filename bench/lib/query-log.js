'use strict';
// Preloaded (`node --require`) into a metrics app the scale phase profiles: every statement
// TypeORM runs, on SQLite or MySQL, is appended to BENCH_QUERY_LOG as one line of JSON with
// its parameters and its duration. Only the profiling pass loads it, never a timed one.
const fs = require('node:fs');

const file = process.env.BENCH_QUERY_LOG;
const RUNNERS = [
  'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner',
  'typeorm/driver/mysql/MysqlQueryRunner',
];

for (const name of RUNNERS) {
  const exported = require(require.resolve(name, { paths: [process.cwd()] }));
  const Runner = Object.values(exported).find((v) => typeof v === 'function');
  const query = Runner.prototype.query;
  Runner.prototype.query = async function logged(sql, params, ...rest) {
    const started = performance.now();
    try {
      return await query.call(this, sql, params, ...rest);
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      fs.appendFileSync(file, `${JSON.stringify({ ms, sql, params })}\n`);
    }
  };
}
