import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { MIGRATIONS } from '@app/migrations';
import {
  createMysqlDatabase,
  describeOnMysql,
  type TestDatabase,
} from '../support/test-databases';
import { GATEWAY, type Environment } from './support/app-contract';
import { imageLayout, type ImageLayout } from './support/image-layout';
import { argvOf } from './support/k8s-manifests';
import { podOf, sqliteCount } from './support/pods';
import { buildApps, runCommand } from './support/processes';

const MIGRATION_ROWS = 'SELECT COUNT(*) AS n FROM migrations';

describe("the pods' migration step, run from the image layout", () => {
  const migrate = argvOf(podOf(GATEWAY).init);
  let layout: ImageLayout;
  let dataDir: string;

  beforeAll(() => {
    buildApps();
    layout = imageLayout();
    dataDir = mkdtempSync(join(tmpdir(), 'gateway-migrate-'));
  }, 240_000);

  afterAll(() => {
    layout?.remove();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (argv: string[], environment: Environment) =>
    runCommand(argv, environment, layout.dir);

  it('applies the migrations, then finds nothing pending', async () => {
    const url = `sqlite:${join(dataDir, 'twice.sqlite')}`;
    const first = await run(migrate, { DATABASE_URL: url });
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/applied migrations/);
    const second = await run(migrate, { DATABASE_URL: url });
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/no pending migrations/);
    expect(sqliteCount(url, MIGRATION_ROWS)).toBe(MIGRATIONS.length);
  });

  it('fails, naming the variable, on a database URL it cannot use', async () => {
    const result = await run(migrate, { DATABASE_URL: 'postgres://db/x' });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/DATABASE_URL must be/);
  });

  it('is also there as `npm run migration:run`, with no sources in the image to build', async () => {
    const url = `sqlite:${join(dataDir, 'npm.sqlite')}`;
    const result = await run(['npm', 'run', 'migration:run'], {
      DATABASE_URL: url,
      HOME: dataDir,
    });
    expect(result.code).toBe(0);
    expect(result.output).not.toMatch(/nest build/);
    expect(sqliteCount(url, MIGRATION_ROWS)).toBe(MIGRATIONS.length);
  });

  it('rebuilds the rollups from rows loaded behind the writer', async () => {
    const url = `sqlite:${join(dataDir, 'imported.sqlite')}`;
    expect((await run(migrate, { DATABASE_URL: url })).code).toBe(0);
    const file = new Database(url.slice('sqlite:'.length));
    try {
      const insert = file.prepare(
        `INSERT INTO request_records (timestamp_ms, endpoint, model, is_streaming, success, response_time_ms)
        VALUES (?, 'chat.completions', ?, 1, 1, ?)`,
      );
      for (let i = 0; i < 50; i++) insert.run(i * 3_600_000, `m${i % 3}`, i);
    } finally {
      file.close();
    }
    const totals =
      'SELECT COALESCE(SUM(requests), 0) AS n FROM request_totals_hourly';
    expect(sqliteCount(url, totals)).toBe(0);
    const result = await run(['npm', 'run', 'rollups:rebuild'], {
      DATABASE_URL: url,
      HOME: dataDir,
    });
    expect(result.output).toMatch(/rollups rebuilt/);
    expect(result.code).toBe(0);
    expect(sqliteCount(url, totals)).toBe(50);
    expect(
      sqliteCount(
        url,
        "SELECT requests AS n FROM request_values_hourly WHERE value = 'm1' AND bucket_ms = 3600000",
      ),
    ).toBe(1);
  });

  describeOnMysql('on MySQL', () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createMysqlDatabase();
    });

    afterAll(() => database?.drop());

    it('changes the schema once when pods run it at the same moment', async () => {
      const results = await Promise.all(
        [1, 2, 3].map(() => run(migrate, { DATABASE_URL: database.url })),
      );
      expect(results.map((result) => result.code)).toEqual([0, 0, 0]);
      const applied = results.filter((r) => /applied/.test(r.output));
      expect(applied).toHaveLength(1);
      const connection = await createConnection({ uri: database.url });
      const [rows] = await connection.query('SELECT name FROM migrations');
      await connection.end();
      expect(rows).toHaveLength(MIGRATIONS.length);
    });
  });
});
