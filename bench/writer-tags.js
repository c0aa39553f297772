'use strict';
// Writer throughput with attribution: the same batches as RecordWriter writes them (the uid
// check, records, their tags, the rollup upserts, one transaction a batch), without users, with users, keys
// and costs, and with one tag of 50 values on every record, on SQLite and on the local
// MySQL/MariaDB. `node bench/writer-tags.js [records]` after a build (dist/).
const { randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const lib = (path) => require(`../dist/libs/persistence/src/${path}`);
const { buildDataSourceOptions, runMigrations } = lib('index');
const { idAllocationOf } = lib('writer/tag-statements');
const { commitBatch } = lib('writer/commit-batch');
const { dialectOf } = lib('sql/dialect');
const { DataSource } = require('typeorm');

const COUNT = Number(process.argv[2] ?? 20_000);
const BATCH = 500;
const MYSQL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

function record(i, mode) {
  const attributed = mode !== 'plain';
  return {
    timestamp: new Date(Date.now() - (i % 86_400) * 1000),
    endpoint: 'chat.completions',
    model: ['gpt-4o-mini', 'llama3.1:8b'][i % 2],
    origin: 'bench',
    isStreaming: i % 3 === 0,
    success: true,
    statusCode: 200,
    errorType: null,
    errorMessage: null,
    finishReason: 'stop',
    messageCount: 2,
    promptTokens: 100,
    completionTokens: 50,
    totalTokens: 150,
    tokensEstimated: false,
    timeToFirstTokenMs: 100 + (i % 500),
    timeToLastTokenMs: 900,
    responseTimeMs: 1000 + (i % 700),
    tokensPerSecond: 50,
    requestId: `bench-${i}`,
    user: attributed ? `user-${i % 10_000}` : null,
    apiKeyId: attributed ? (i % 500).toString(16).padStart(16, '0') : null,
    cachedPromptTokens: null,
    costUsd: attributed && i % 2 === 0 ? 0.000045 : null,
    tags: mode === 'tagged' ? { team: `team-${i % 50}` } : {},
  };
}

async function timeMode(dataSource, mode) {
  const dialect = dialectOf(dataSource);
  // As the writer does: one multi-row INSERT for the tags when the server's ids are consecutive.
  const ids =
    dialect === 'mysql'
      ? await dataSource
          .query(
            'SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step',
          )
          .then(([row]) => idAllocationOf(Number(row.mode), Number(row.step)))
      : undefined;
  const started = performance.now();
  for (let from = 0; from < COUNT; from += BATCH) {
    const batch = [];
    for (let i = from; i < Math.min(COUNT, from + BATCH); i++)
      batch.push({ uid: randomUUID(), record: record(i, mode) });
    await commitBatch(dataSource, batch, ids);
  }
  return Math.round(COUNT / ((performance.now() - started) / 1000));
}

async function onDatabase(name, url, cleanup) {
  const results = {};
  for (const mode of ['plain', 'attributed', 'tagged']) {
    const dataSource = await new DataSource(
      buildDataSourceOptions(url(mode)),
    ).initialize();
    try {
      await runMigrations(dataSource);
      results[mode] = await timeMode(dataSource, mode);
    } finally {
      await dataSource.destroy();
      await cleanup(mode);
    }
  }
  console.log(`${name}: records/s ${JSON.stringify(results)}`);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'writer-tags-'));
  await onDatabase(
    'sqlite',
    (mode) => `sqlite:${join(dir, `${mode}.sqlite`)}`,
    async () => undefined,
  );
  rmSync(dir, { recursive: true, force: true });
  const mysql = require('mysql2/promise');
  const admin = await mysql.createConnection({ uri: MYSQL });
  try {
    await onDatabase(
      'mysql',
      (mode) => `${MYSQL}/bench_writer_${mode}`,
      (mode) => admin.query(`DROP DATABASE IF EXISTS bench_writer_${mode}`),
    );
  } finally {
    await admin.end();
  }
}

// Each database is created before its DataSource needs it.
const createDatabases = async () => {
  const mysql = require('mysql2/promise');
  const admin = await mysql.createConnection({ uri: MYSQL });
  for (const mode of ['plain', 'attributed', 'tagged'])
    await admin.query(`CREATE DATABASE IF NOT EXISTS bench_writer_${mode}`);
  await admin.end();
};

createDatabases()
  .then(main)
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
