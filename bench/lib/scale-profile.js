'use strict';
// For each scale figure over the target: the statements one warm request ran (logged by
// query-log.js in a metrics app of its own, so the timed figures carry no logging), slowest
// first, each with the plan the database chose: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on MySQL.
const fs = require('node:fs');
const path = require('node:path');
const { get } = require('./http-client');
const { startMetricsApi } = require('./metrics-phase');
const { stopService } = require('./processes');
const { round } = require('./load');

const SLOWEST = 3;

function sqlitePlanner(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true });
  return {
    async plan(sql, params) {
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params);
      // Indented as the sqlite3 shell shows the tree.
      const depth = new Map([[0, -1]]);
      return rows.map((row) => {
        const level = (depth.get(row.parent) ?? -1) + 1;
        depth.set(row.id, level);
        return `${'  '.repeat(level)}${row.detail}`;
      });
    },
    close: async () => db.close(),
  };
}

async function mysqlPlanner(url) {
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection({ uri: url });
  return {
    async plan(sql, params) {
      const [rows] = await connection.query(`EXPLAIN ${sql}`, params);
      return rows.map(
        (r) =>
          `${r.id} ${r.select_type} ${r.table ?? '-'} type=${r.type} key=${r.key ?? '-'} rows=${r.rows} ${r.Extra ?? ''}`,
      );
    },
    close: () => connection.end(),
  };
}

async function planOf(planner, statement) {
  try {
    return await planner.plan(statement.sql, statement.params ?? []);
  } catch (error) {
    return [`(no plan: ${error.message})`];
  }
}

/** The statements of one request to `urlPath`, slowest first, after one unlogged. */
async function statementsOf(api, urlPath, logFile) {
  await get(api.port, urlPath);
  fs.writeFileSync(logFile, '');
  const answer = await get(api.port, urlPath);
  const statements = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .sort((a, b) => b.ms - a.ms);
  return { ms: round(answer.ms, 1), statements };
}

/** Adds `profile` to each figure of `store` that answered over the target. */
async function profileSlow(store, figures, opts, log) {
  const slow = figures.filter((f) => f.status === 200 && !f.met);
  if (slow.length === 0) return;
  const logFile = path.join(opts.tmpDir, `queries-${store.kind}.jsonl`);
  const api = await startMetricsApi(store, opts.logDir, logFile);
  const planner = store.file
    ? sqlitePlanner(store.file)
    : await mysqlPlanner(store.url);
  try {
    for (const figure of slow) {
      const { ms, statements } = await statementsOf(api, figure.path, logFile);
      const slowest = [];
      for (const statement of statements.slice(0, SLOWEST))
        slowest.push({ ...statement, plan: await planOf(planner, statement) });
      figure.profile = {
        requestMs: ms,
        statements: statements.length,
        sqlMs: round(
          statements.reduce((n, s) => n + s.ms, 0),
          1,
        ),
        slowest,
      };
      log(
        `  ${store.kind} ${figure.name} over ${figure.window} profiled: ${statements.length} statements, ${slowest.map((s) => `${s.ms} ms`).join(', ')} the slowest`,
      );
    }
  } finally {
    await planner.close();
    await stopService(api);
  }
}

module.exports = { profileSlow };
