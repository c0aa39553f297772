'use strict';
// The stores the metrics API is measured on: a temporary SQLite file, and a fresh database on
// the local MySQL/MariaDB server, dropped at the end.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { seedSqlite, seedMysql } = require('./seed');

const ROOT = path.join(__dirname, '..', '..');
/** Loaded when needed: the bench builds dist/ after this file is loaded. */
const redactUrl = (url) =>
  require('../../dist/libs/persistence/src/index').redactUrl(url);

/** The rows went in behind the writer's back: the rollups are derived again, as users would. */
function rebuildRollups(url) {
  execFileSync(process.execPath, ['dist/apps/cli/src/rebuild-rollups.js'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'pipe',
  });
}

function sqliteStore(tmpDir) {
  const file = path.join(tmpDir, 'metrics-bench.sqlite');
  return {
    kind: 'sqlite',
    url: `sqlite:${file}`,
    async seed(from, to, nowMs) {
      seedSqlite(file, from, to, nowMs);
      rebuildRollups(this.url);
    },
    close: async () => undefined,
  };
}

/**
 * The local MySQL/MariaDB server, to make fresh databases on (each dropped by `drop`, the
 * rest by `close`); null, loudly, when nothing answers.
 */
async function mysqlServer(serverUrl) {
  const mysql = require('mysql2/promise');
  let admin;
  try {
    admin = await mysql.createConnection({
      uri: serverUrl,
      connectTimeout: 3_000,
    });
  } catch (error) {
    console.log(
      `\n!!!!! MySQL SKIPPED: nothing answers at ${redactUrl(serverUrl)} (${error.code ?? error.message}) !!!!!\n`,
    );
    return null;
  }
  const made = new Set();
  let count = 0;
  const drop = async (name) => {
    made.delete(name);
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  };
  return {
    /** A new empty database: its URL and its name. */
    async create(label) {
      count += 1;
      const name = `bench_llm_gateway_${label}_${process.pid}_${count}`;
      made.add(name);
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
      const target = new URL(serverUrl);
      target.pathname = `/${name}`;
      return { url: target.toString(), name };
    },
    drop,
    /** Empties a database made here, for a fresh start. */
    async recreate(name) {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    },
    async close() {
      for (const name of made) await drop(name);
      await admin.end();
    },
  };
}

/** A fresh database beside the one `serverUrl` names; null when nothing answers. */
async function mysqlStore(serverUrl) {
  const server = await mysqlServer(serverUrl);
  if (!server) return null;
  const { url } = await server.create('metrics');
  const mysql = require('mysql2/promise');
  const seeder = await mysql.createConnection({ uri: url });
  return {
    kind: 'mysql',
    url,
    async seed(from, to, nowMs) {
      await seedMysql(seeder, from, to, nowMs);
      rebuildRollups(url);
    },
    async close() {
      await seeder.end().catch(() => undefined);
      await server.close();
    },
  };
}

module.exports = { sqliteStore, mysqlStore, mysqlServer };
