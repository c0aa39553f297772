import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, runMigrations } from '@app/persistence';
import { MIGRATIONS } from '@app/migrations';
import { commitBatch } from '@app/persistence/writer/commit-batch';
import { randomRecords } from '../fixtures/random-records';
import {
  describeEachDatabase,
  type TestDatabase,
} from '../support/test-databases';
import { pendingChanges } from './entity-schema';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A stored value, doubles to a rounding: sums of them in another order differ in the last bits. */
const same = (value: unknown) =>
  typeof value === 'number' ? value.toFixed(4) : String(value);

const ROLLUP_TABLES = [
  'request_totals_hourly',
  'request_values_hourly',
  'request_latency_daily',
  'request_breakdown_daily',
  'request_breakdown_histogram_daily',
];

describeEachDatabase('migrations on %s', (kind, createDatabase) => {
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
      kind === 'mysql'
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

  it('gives exactly the schema the entities describe, from empty', async () => {
    expect((await pendingChanges(database)).queries).not.toEqual([]);
    await runMigrations(dataSource);
    const { queries, collations } = await pendingChanges(database);
    expect(queries).toEqual([]);
    // TypeORM does not compare collations: text compares byte for byte on MySQL.
    if (kind === 'mysql') {
      expect(await textCollations()).toEqual(collations.sort());
    }
    expect(await tableNames()).toEqual(
      [
        'migrations',
        'request_records',
        'request_tags',
        ...ROLLUP_TABLES,
      ].sort(),
    );
  });

  /** Undoes the named migration and every later one; returns how many were undone. */
  const undoFrom = async (name: string): Promise<number> => {
    const count =
      MIGRATIONS.length - MIGRATIONS.findIndex((m) => m.name === name);
    for (let left = count; left > 0; left--)
      await dataSource.undoLastMigration();
    return count;
  };

  /** Commits `records` as the writer does, `size` a batch, uids `<prefix>-<index>`. */
  const commitInBatches = async (
    records: ReturnType<typeof randomRecords>,
    size: number,
    prefix: string,
  ) => {
    for (let i = 0; i < records.length; i += size) {
      const batch = records
        .slice(i, i + size)
        .map((record, n) => ({ uid: `${prefix}-${i + n}`, record }));
      await commitBatch(dataSource, batch);
    }
  };

  const recordColumns = async () =>
    (
      await dataSource.createQueryRunner().getTable('request_records')
    )?.columns.map((column) => column.name);

  it('counts the requests of hours written before prices as unpriced', async () => {
    await runMigrations(dataSource);
    const undone = await undoFrom('RecordAttribution1764547200000');
    await dataSource.query(
      'INSERT INTO request_totals_hourly (bucket_ms, is_streaming, requests) VALUES (3600000, 0, 3)',
    );
    await expect(runMigrations(dataSource)).resolves.toHaveLength(undone);
    const rows = await dataSource.query<Record<string, unknown>[]>(
      'SELECT cost_nano_usd, priced_requests, unpriced_requests FROM request_totals_hourly',
    );
    expect(rows.map((row) => Object.values(row).map(Number))).toEqual([
      [0, 0, 3],
    ]);
  });

  it('adds the response model column, and takes it away again', async () => {
    await runMigrations(dataSource);
    expect(await recordColumns()).toContain('response_model');
    await undoFrom('RecordResponseModel1764720000000');
    expect(await recordColumns()).not.toContain('response_model');
    expect(await recordColumns()).toContain('cost_usd');
  });

  it('puts the latencies in the user and API key indexes, and takes them out again', async () => {
    const indexColumns = async () => {
      const table = await dataSource
        .createQueryRunner()
        .getTable('request_records');
      const columns: Record<string, string[]> = {};
      for (const { name, columnNames } of table?.indices ?? []) {
        if (name && /_(user|api_key)$/.test(name)) columns[name] = columnNames;
      }
      return columns;
    };
    await runMigrations(dataSource);
    const covering = ['response_time_ms', 'time_to_first_token_ms'];
    expect(await indexColumns()).toEqual({
      idx_request_records_user: ['user', 'timestamp_ms', 'id', ...covering],
      idx_request_records_api_key: [
        'api_key_id',
        'timestamp_ms',
        'id',
        ...covering,
      ],
    });
    await undoFrom('AttributionIndexesCoverLatency1765065600000');
    expect(await indexColumns()).toEqual({
      idx_request_records_user: ['user', 'timestamp_ms', 'id'],
      idx_request_records_api_key: ['api_key_id', 'timestamp_ms', 'id'],
    });
  });

  it('fills the breakdown rollups from the records already there as the writer does, and reverts', async () => {
    await runMigrations(dataSource);
    const records = randomRecords(
      99,
      300,
      new Date('2024-03-10T12:00:00Z'),
      3 * DAY_MS,
    );
    // Batches as the writer commits them; the rollups they leave are what a backfill must give.
    await commitInBatches(records, 50, 'm');
    const snapshot = () =>
      Promise.all(
        [
          'request_breakdown_daily',
          'request_breakdown_histogram_daily',
          'request_values_hourly',
        ].map((table) =>
          dataSource
            .query<Record<string, unknown>[]>(`SELECT * FROM ${table}`)
            .then((rows) =>
              rows
                .map((row) => JSON.stringify(Object.values(row).map(same)))
                .sort(),
            ),
        ),
      );
    const written = await snapshot();
    expect(written[0].length).toBeGreaterThan(0);
    const undone = await undoFrom('BreakdownRollups1764633600000');
    const hourly = await dataSource.query<{ n: unknown }[]>(
      "SELECT COUNT(*) AS n FROM request_values_hourly WHERE dimension = 'user'",
    );
    expect(Number(hourly[0].n)).toBeGreaterThan(0);
    await expect(runMigrations(dataSource)).resolves.toHaveLength(undone);
    await expect(snapshot()).resolves.toEqual(written);
  });

  it('folds the breakdown bins into a row per histogram, and reverts to the bins the records give', async () => {
    await runMigrations(dataSource);
    const records = randomRecords(
      7,
      200,
      new Date('2024-05-02T08:00:00Z'),
      2 * DAY_MS,
    );
    await commitBatch(
      dataSource,
      records.map((record, n) => ({ uid: `h-${n}`, record })),
    );
    const histograms = () =>
      dataSource
        .query<Record<string, unknown>[]>(
          'SELECT * FROM request_breakdown_histogram_daily',
        )
        .then((rows) => rows.map((row) => JSON.stringify(row)).sort());
    const written = await histograms();
    expect(written.length).toBeGreaterThan(0);
    await undoFrom('BreakdownHistogramRows1764892800000');
    expect(await tableNames()).not.toContain(
      'request_breakdown_histogram_daily',
    );
    // The old rows again: a bin each, as many requests as the records have latencies.
    const [bins] = await dataSource.query<{ n: unknown; requests: unknown }[]>(
      "SELECT COUNT(*) AS n, SUM(requests) AS requests FROM request_breakdown_latency_daily WHERE dimension = 'model'",
    );
    const latencies = records
      .filter((r) => r.model != null)
      .flatMap((r) =>
        [r.timeToFirstTokenMs, r.responseTimeMs].filter((ms) => ms != null),
      ).length;
    expect(Number(bins.requests)).toBe(latencies);
    expect(Number(bins.n)).toBeGreaterThan(0);
    await runMigrations(dataSource);
    await expect(histograms()).resolves.toEqual(written);
  });

  it('sums the records without a user or key per day as the writer does, and takes the sums away again', async () => {
    await runMigrations(dataSource);
    const records = randomRecords(
      23,
      240,
      new Date('2024-06-03T20:00:00Z'),
      3 * DAY_MS,
    );
    await commitInBatches(records, 40, 'n');
    const sums = (where: string) =>
      dataSource
        .query<Record<string, unknown>[]>(
          `SELECT * FROM request_breakdown_daily WHERE ${where}`,
        )
        .then((rows) =>
          rows
            .map((row) => JSON.stringify(Object.values(row).map(same)))
            .sort(),
        );
    const none = "dimension IN ('none:user', 'none:api_key')";
    const written = await sums(none);
    const others = await sums(`NOT (${none})`);
    const requests = (dimension: string) =>
      written
        .map((row) => JSON.parse(row) as string[])
        .filter(([name]) => name === dimension)
        .reduce((n, row) => n + Number(row[3]), 0);
    expect(requests('none:user')).toBe(
      records.filter((r) => r.user == null).length,
    );
    expect(requests('none:api_key')).toBe(
      records.filter((r) => r.apiKeyId == null).length,
    );
    await undoFrom('BreakdownNoneSums1764979200000');
    await expect(sums(none)).resolves.toEqual([]);
    await expect(sums(`NOT (${none})`)).resolves.toEqual(others);
    await runMigrations(dataSource);
    await expect(sums(none)).resolves.toEqual(written);
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
        'idx_request_records_uid',
      ]),
    );
    expect(table?.columns.map((column) => column.name)).toEqual(
      expect.arrayContaining([
        'timestamp_ms',
        'tokens_estimated',
        'request_id',
        'record_uid',
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
  it('are frozen: each imports nothing but TypeORM and older migrations', () => {
    const folder = join(__dirname, '../../migrations');
    const files = readdirSync(folder).filter((f) => /^\d+-.*\.ts$/.test(f));
    expect(files).toHaveLength(MIGRATIONS.length);
    for (const file of files) {
      const source = readFileSync(join(folder, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      // A revert may run the SQL of the migration it goes back to, frozen there.
      const older = imports.filter(
        (name) => /^\.\/\d+-/.test(name) && `${name.slice(2)}.ts` < file,
      );
      expect([file, imports]).toEqual([file, ['typeorm', ...older]]);
    }
  });
});
