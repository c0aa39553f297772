import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions, type Driver } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { createConnection } from 'mysql2/promise';
import { buildDataSourceOptions, runMigrations } from '@app/persistence';
import { ALL_ENTITIES } from '@app/persistence/entities/entities';
import { MIGRATIONS } from '@app/migrations';
import { testDatabases, type TestDatabase } from '../support/test-databases';

const ROLLUP_TABLES = [
  'request_totals_hourly',
  'request_values_hourly',
  'request_latency_daily',
];

/**
 * TypeORM reads MariaDB's catalogue right only when told it is MariaDB (it reports the default
 * of a nullable column as the text NULL); the apps need not know, they never read it.
 */
async function describedOptions(url: string): Promise<DataSourceOptions> {
  const options = buildDataSourceOptions(url);
  if (options.type !== 'mysql') return options;
  const connection = await createConnection({ uri: url });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS v');
    const [{ v }] = rows as { v: string }[];
    return v.includes('MariaDB') ? { ...options, type: 'mariadb' } : options;
  } finally {
    await connection.end();
  }
}

/**
 * SQLite has one integer type under many spellings, and false is 0: the migrations declared
 * `int` and `DEFAULT (false)`, and the auto-increment key has to be `integer`, where TypeORM
 * spells them its own way (`integer`, `0`, and the entity's `bigint`, which SQLite refuses to
 * auto-increment). Every other difference still counts.
 */
function spellLikeTheMigrations(driver: Driver): void {
  const normalize = driver.normalizeType.bind(driver);
  driver.normalizeType = (column) => {
    if (column.type === 'int') return 'int';
    if ((column as ColumnMetadata).isGenerated) return 'integer';
    return normalize(column);
  };
  const normalizeDefault = driver.normalizeDefault.bind(driver);
  driver.normalizeDefault = (column) =>
    typeof column.default === 'boolean'
      ? String(column.default)
      : normalizeDefault(column);
}

describe.each(testDatabases())('migrations on %s', (_kind, createDatabase) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeEach(async () => {
    database = await createDatabase();
    dataSource = await new DataSource(
      buildDataSourceOptions(database.url),
    ).initialize();
  });

  afterEach(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const hasTable = () =>
    dataSource.createQueryRunner().hasTable('request_records');

  const tableNames = async () => {
    const rows = await dataSource.query<Record<string, string>[]>(
      _kind === 'mysql'
        ? 'SHOW TABLES'
        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    return rows.map((row) => Object.values(row)[0]).sort();
  };

  const textCollations = async () => {
    const rows = await dataSource.query<{ c: string }[]>(
      `SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', COLLATION_NAME) AS c
      FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL
        AND TABLE_NAME <> 'migrations'`,
    );
    return rows.map((row) => row.c).sort();
  };

  /** What TypeORM would still change to make the database match the entities. */
  const pendingChanges = async () => {
    const described = await new DataSource({
      ...(await describedOptions(database.url)),
      entities: ALL_ENTITIES,
    }).initialize();
    try {
      if (_kind === 'sqlite') spellLikeTheMigrations(described.driver);
      const log = await described.driver.createSchemaBuilder().log();
      return {
        queries: log.upQueries.map((query) => query.query),
        collations: described.entityMetadatas.flatMap((entity) =>
          entity.columns
            .filter((column) => column.collation)
            .map((c) => `${entity.tableName}.${c.databaseName} ${c.collation}`),
        ),
      };
    } finally {
      await described.destroy();
    }
  };

  it('gives exactly the schema the entities describe, from empty', async () => {
    expect((await pendingChanges()).queries).not.toEqual([]);
    await runMigrations(dataSource);
    const { queries, collations } = await pendingChanges();
    expect(queries).toEqual([]);
    // TypeORM does not compare collations: text compares byte for byte on MySQL.
    if (_kind === 'mysql') {
      expect(await textCollations()).toEqual(collations.sort());
    }
    expect(await tableNames()).toEqual(
      ['migrations', 'request_records', ...ROLLUP_TABLES].sort(),
    );
  });

  it('creates the records table with its index, and the rollups, from empty', async () => {
    const applied = await runMigrations(dataSource);
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(applied.map((m) => m.name)).toContain('CreateRollups1764288000000');
    for (const table of ROLLUP_TABLES) {
      await expect(
        dataSource.createQueryRunner().hasTable(table),
      ).resolves.toBe(true);
    }
    await expect(hasTable()).resolves.toBe(true);
    const table = await dataSource
      .createQueryRunner()
      .getTable('request_records');
    expect(table?.indices.map((index) => index.name)).toEqual(
      expect.arrayContaining([
        'idx_request_records_time',
        'idx_request_records_latency',
      ]),
    );
    expect(table?.columns.map((column) => column.name)).toEqual(
      expect.arrayContaining([
        'timestamp_ms',
        'tokens_estimated',
        'request_id',
      ]),
    );
  });

  it('does nothing when run a second time', async () => {
    await runMigrations(dataSource);
    await expect(runMigrations(dataSource)).resolves.toEqual([]);
    await expect(hasTable()).resolves.toBe(true);
  });

  it('reverts to an empty schema and can be applied again', async () => {
    await runMigrations(dataSource);
    for (let left = MIGRATIONS.length; left > 0; left--) {
      await dataSource.undoLastMigration();
    }
    await expect(hasTable()).resolves.toBe(false);
    expect(await tableNames()).toEqual(['migrations']);
    for (const table of ROLLUP_TABLES) {
      await expect(
        dataSource.createQueryRunner().hasTable(table),
      ).resolves.toBe(false);
    }
    await expect(runMigrations(dataSource)).resolves.toHaveLength(
      MIGRATIONS.length,
    );
    await expect(hasTable()).resolves.toBe(true);
  });

  it('applies the schema once when several processes migrate at the same moment', async () => {
    const others = await Promise.all(
      [1, 2, 3].map(() =>
        new DataSource(buildDataSourceOptions(database.url)).initialize(),
      ),
    );
    try {
      const results = await Promise.all(
        [dataSource, ...others].map((ds) => runMigrations(ds)),
      );
      expect(results.map((applied) => applied.length).sort()).toEqual([
        0,
        0,
        0,
        MIGRATIONS.length,
      ]);
      const rows = await dataSource.query<{ n: unknown }[]>(
        'SELECT COUNT(*) AS n FROM migrations',
      );
      expect(Number(rows[0].n)).toBe(MIGRATIONS.length);
    } finally {
      await Promise.all(others.map((ds) => ds.destroy()));
    }
  });
});

describe('migrations', () => {
  it('are frozen: each imports nothing but TypeORM', () => {
    const folder = join(__dirname, '../../migrations');
    const files = readdirSync(folder).filter((f) => /^\d+-.*\.ts$/.test(f));
    expect(files).toHaveLength(MIGRATIONS.length);
    for (const file of files) {
      const source = readFileSync(join(folder, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect([file, imports]).toEqual([file, ['typeorm']]);
    }
  });
});
