import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createConnection, type Connection } from 'mysql2/promise';
import { MIGRATIONS } from '@app/migrations';
import { testDatabases, type TestDatabase } from '../support/test-databases';
import { sqliteCount } from './support/pods';
import { buildApps, runCommand, startCommand } from './support/processes';

const MIGRATION_ROWS = 'SELECT COUNT(*) AS n FROM migrations';
const MIGRATE = ['node', 'dist/apps/cli/src/migrate.js'];
const REVERT = ['npm', 'run', 'migration:revert'];

const LOCK_WAITERS =
  "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT GET_LOCK(%' AND DB = DATABASE() AND ID <> CONNECTION_ID()";

async function waitForLockWaiter(
  connection: Connection,
  exited: Promise<unknown>,
): Promise<void> {
  let ended = false;
  void exited.then(() => (ended = true));
  for (let i = 0; i < 300 && !ended; i++) {
    const [rows] = await connection.query(LOCK_WAITERS);
    if (Number((rows as { n: number }[])[0].n) > 0) return;
    await delay(100);
  }
  throw new Error('the revert never waited on the migration lock');
}

describe('npm run migration:revert', () => {
  let dataDir: string;

  beforeAll(() => {
    buildApps();
    dataDir = mkdtempSync(join(tmpdir(), 'gateway-revert-'));
  }, 240_000);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('undoes the last migration, and migrating again reapplies it', async () => {
    const url = `sqlite:${join(dataDir, 'revert.sqlite')}`;
    expect((await runCommand(MIGRATE, { DATABASE_URL: url })).code).toBe(0);
    const reverted = await runCommand(REVERT, {
      DATABASE_URL: url,
      HOME: dataDir,
    });
    expect(reverted.output).toMatch(/reverted the last migration/);
    expect(reverted.code).toBe(0);
    expect(sqliteCount(url, MIGRATION_ROWS)).toBe(MIGRATIONS.length - 1);
    const again = await runCommand(MIGRATE, { DATABASE_URL: url });
    expect(again.output).toContain(MIGRATIONS.at(-1)?.name ?? '?');
    expect(sqliteCount(url, MIGRATION_ROWS)).toBe(MIGRATIONS.length);
  });

  (process.env.TEST_MYSQL_URL ? describe : describe.skip)('on MySQL', () => {
    let database: TestDatabase;

    beforeAll(async () => {
      const [, createMysql] =
        testDatabases().find(([kind]) => kind === 'mysql') ?? [];
      database = await (createMysql as () => Promise<TestDatabase>)();
    });

    afterAll(() => database?.drop());

    it('waits for the named lock migration:run takes, then reverts', async () => {
      const env = { DATABASE_URL: database.url, HOME: dataDir };
      expect((await runCommand(MIGRATE, env)).code).toBe(0);
      const holder = await createConnection({ uri: database.url });
      await holder.query("SELECT GET_LOCK('llm_gateway_migrations', 10)");
      const revert = startCommand('revert', REVERT, env);
      const count = async () => {
        const [rows] = await holder.query('SELECT name FROM migrations');
        return (rows as unknown[]).length;
      };
      // The revert's own connection is seen waiting in GET_LOCK, with nothing reverted yet.
      await waitForLockWaiter(holder, revert.exited);
      expect(revert.child.exitCode).toBeNull();
      expect(await count()).toBe(MIGRATIONS.length);
      await holder.query("SELECT RELEASE_LOCK('llm_gateway_migrations')");
      expect(await revert.exited).toBe(0);
      expect(await count()).toBe(MIGRATIONS.length - 1);
      await holder.end();
    }, 60_000);
  });
});
