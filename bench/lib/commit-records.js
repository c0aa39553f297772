'use strict';
// Commits generated records (records.js, oldest first) into a database through the record
// writer's commit path of one build: the uid check, the records, their tags and every rollup
// upsert in one transaction a batch, as RecordWriter commits them. A child process of the
// scale phase, so that two builds (the current one and a baseline) never share a process:
//   node bench/lib/commit-records.js '<json: dist, url, count, endMs, spanMs, batch, seed, warmup>'
// Prints `progress <records>` lines, then one line of JSON: records, seconds spent committing
// (generating the records is not counted), records/s, CPU µs per record and the rows of every
// table.
const { randomUUID } = require('node:crypto');
const path = require('node:path');
const { timeOrdered } = require('./records');

const PROGRESS_EVERY = 100_000;

function library(dist) {
  const lib = (file) =>
    require(path.resolve(dist, 'libs/persistence/src', file));
  return {
    ...lib('index'),
    ...lib('writer/commit-batch'),
    ...lib('writer/tag-statements'),
    ...lib('sql/dialect'),
  };
}

/** As RecordWriter asks MySQL once whether a batch's ids come consecutive. */
async function idAllocation(lib, dataSource) {
  if (lib.dialectOf(dataSource) !== 'mysql') return undefined;
  const [row] = await dataSource.query(
    'SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step',
  );
  return lib.idAllocationOf(Number(row.mode), Number(row.step));
}

async function tableRows(dataSource) {
  const rows = {};
  for (const { tableName } of dataSource.entityMetadatas) {
    const [row] = await dataSource.query(
      `SELECT COUNT(*) AS n FROM ${tableName}`,
    );
    rows[tableName] = Number(row.n);
  }
  return rows;
}

async function commitAll(lib, dataSource, job) {
  const ids = await idAllocation(lib, dataSource);
  let committed = 0;
  let ms = 0;
  let cpuUs = 0;
  let reported = 0;
  for (const records of timeOrdered({ ...job, size: job.batch })) {
    const batch = records.map((record) => ({ uid: randomUUID(), record }));
    const started = performance.now();
    const cpu = process.cpuUsage();
    await lib.commitBatch(dataSource, batch, ids);
    // The first batches warm the statements and the JIT up; they are not timed.
    if (committed >= job.warmup) {
      ms += performance.now() - started;
      const used = process.cpuUsage(cpu);
      cpuUs += used.user + used.system;
    }
    committed += batch.length;
    if (committed - reported >= PROGRESS_EVERY) {
      reported = committed;
      console.log(`progress ${committed}`);
    }
  }
  const timed = committed - Math.min(committed, job.warmup);
  return {
    records: committed,
    seconds: Math.round(ms) / 1000,
    recordsPerSecond: Math.round(timed / (ms / 1000)),
    // This process's CPU: all of SQLite's work (in-process), the client's share of MySQL's.
    cpuUsPerRecord: Math.round((10 * cpuUs) / timed) / 10,
  };
}

async function main() {
  const job = JSON.parse(process.argv[2]);
  const lib = library(job.dist);
  // The TypeORM the build itself loads, whose decorators registered its entities.
  const { DataSource } = require(
    require.resolve('typeorm', { paths: [job.dist] }),
  );
  const dataSource = await new DataSource(
    lib.buildDataSourceOptions(job.url),
  ).initialize();
  try {
    await lib.runMigrations(dataSource);
    const result = await commitAll(lib, dataSource, job);
    result.tableRows = await tableRows(dataSource);
    console.log(JSON.stringify(result));
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error.stack);
  process.exitCode = 1;
});
