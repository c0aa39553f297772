'use strict';
// The stores the metrics API is measured on: a temporary SQLite file, and a fresh database on
// the local MySQL/MariaDB server, dropped at the end.
const path = require('node:path');
const { seedSqlite, seedMysql } = require('./seed');

function sqliteStore(tmpDir) {
  const file = path.join(tmpDir, 'metrics-bench.sqlite');
  return {
    kind: 'sqlite',
    url: `sqlite:${file}`,
    seed: async (from, to, nowMs) => seedSqlite(file, from, to, nowMs),
    close: async () => undefined,
  };
}

/** A fresh database beside the one `serverUrl` names; null, loudly, when nothing answers. */
async function mysqlStore(serverUrl) {
  const mysql = require('mysql2/promise');
  let admin;
  try {
    admin = await mysql.createConnection({
      uri: serverUrl,
      connectTimeout: 3_000,
    });
  } catch (error) {
    console.log(
      `\n!!!!! MySQL SKIPPED: nothing answers at ${redact(serverUrl)} (${error.code ?? error.message}) !!!!!\n`,
    );
    return null;
  }
  const name = `bench_llm_gateway_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  const seeder = await mysql.createConnection({ uri: url });
  return {
    kind: 'mysql',
    url,
    seed: (from, to, nowMs) => seedMysql(seeder, from, to, nowMs),
    async close() {
      await seeder.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}

function redact(url) {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

module.exports = { sqliteStore, mysqlStore, redact };
