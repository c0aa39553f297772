import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

export interface TestDatabase {
  kind: 'sqlite' | 'mysql';
  url: string;
  drop(): Promise<void>;
}

type Factory = () => Promise<TestDatabase>;

/** A fresh SQLite file in a temporary folder. */
function createSqlite(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
  return Promise.resolve({
    kind: 'sqlite',
    url: `sqlite:${join(dir, 'metrics.sqlite')}`,
    drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
}

/** A fresh database on the test MySQL server, so suites never see each other's rows. */
async function createMysql(): Promise<TestDatabase> {
  const server = new URL(process.env.TEST_MYSQL_URL as string);
  const name = `gw_test_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection({ uri: server.toString() });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  await admin.end();
  server.pathname = `/${name}`;
  return {
    kind: 'mysql',
    url: server.toString(),
    drop: async () => {
      const connection = await createConnection({
        uri: process.env.TEST_MYSQL_URL,
      });
      await connection.query(`DROP DATABASE IF EXISTS ${name}`);
      await connection.end();
    },
  };
}

/**
 * The databases every storage test runs on: SQLite always, MySQL when the global set-up found
 * one (it says loudly when it did not).
 */
export function testDatabases(): [string, Factory][] {
  const databases: [string, Factory][] = [['sqlite', createSqlite]];
  if (process.env.TEST_MYSQL_URL) databases.push(['mysql', createMysql]);
  return databases;
}
