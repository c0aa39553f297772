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

export type DatabaseKind = TestDatabase['kind'];

/** Whether the global set-up found a MySQL server (it says loudly when it did not). */
export const hasMysql = (): boolean => Boolean(process.env.TEST_MYSQL_URL);

/** The databases a test can open now: SQLite always, MySQL when the global set-up found one. */
export function testDatabases(): [DatabaseKind, Factory][] {
  const databases: [DatabaseKind, Factory][] = [['sqlite', createSqlite]];
  if (hasMysql()) databases.push(['mysql', createMysql]);
  return databases;
}

/** Opens a fresh MySQL database; only called inside `describeOnMysql`. */
export const createMysqlDatabase: Factory = createMysql;

/**
 * A describe that runs on MySQL only: without a server its cases are reported as skipped, so
 * a run without MySQL shows how much it left out instead of silently shrinking.
 */
export const describeOnMysql = (title: string, body: () => void): void =>
  (hasMysql() ? describe : describe.skip)(title, body);

/**
 * `describe.each` over every storage backend: SQLite always, MySQL always listed, its cases
 * skipped (and counted as skipped) when no server answered. `%s` in the title is the kind.
 */
export function describeEachDatabase(
  title: string,
  body: (kind: DatabaseKind, create: Factory) => void,
): void {
  const all: [DatabaseKind, Factory][] = [
    ['sqlite', createSqlite],
    ['mysql', createMysql],
  ];
  for (const [kind, create] of all) {
    const run = kind === 'sqlite' || hasMysql() ? describe : describe.skip;
    run(title.replace('%s', kind), () => body(kind, create));
  }
}
