import type { TestingModule } from '@nestjs/testing';
import {
  DatabaseConnector,
  MetricsReader,
  RecordWriter,
  RetentionService,
} from '@app/persistence';
import { FIXTURE_NOW, FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { createPersistenceModule } from '../support/persistence-testing';
import {
  describeEachDatabase,
  type TestDatabase,
} from '../support/test-databases';

describeEachDatabase('retention on %s', (_kind, createDatabase) => {
  let database: TestDatabase;
  let moduleRef: TestingModule;

  beforeEach(async () => {
    database = await createDatabase();
  });

  afterEach(async () => {
    await moduleRef.close();
    await database.drop();
  });

  const requestIds = async (): Promise<string[]> => {
    const db = await moduleRef.get(DatabaseConnector).get();
    const rows = await db.query<{ request_id: string }[]>(
      'SELECT request_id FROM request_records ORDER BY timestamp_ms',
    );
    return rows.map((row) => row.request_id);
  };

  /**
   * The record DELETEs the purge sends, as the number of ids in each: the statements pass
   * through to the database, the spy only notes them.
   */
  const watchRecordDeletes = async (): Promise<number[]> => {
    const db = await moduleRef.get(DatabaseConnector).get();
    const batches: number[] = [];
    const query = db.query.bind(db);
    jest.spyOn(db, 'query').mockImplementation((sql, parameters) => {
      if (/^DELETE FROM request_records\b/.test(sql))
        batches.push(Array.isArray(parameters) ? parameters.length : NaN);
      return query(sql, parameters);
    });
    return batches;
  };

  const startWithFixture = async (retentionBatchSize: number) => {
    moduleRef = await createPersistenceModule(database.url, {
      retentionDays: 1,
      retentionBatchSize,
    });
    const writer = moduleRef.get(RecordWriter);
    FIXTURE_RECORDS.forEach((record) => writer.record(record));
    await writer.flush();
  };

  it('deletes only records older than the retention, in bounded batches, and their rollups', async () => {
    // One day at FIXTURE_NOW cuts at 2024-01-14T00:00:00Z, the midnight before 2024-01-14T10:30Z:
    // req-3 to req-10 stay.
    await startWithFixture(1);
    const batches = await watchRecordDeletes();
    await expect(
      moduleRef.get(RetentionService).purge(FIXTURE_NOW),
    ).resolves.toBe(2);
    // Two rows past retention with a batch size of 1: two DELETEs of one row each.
    expect(batches).toEqual([1, 1]);
    await expect(requestIds()).resolves.toEqual(
      FIXTURE_RECORDS.slice(2).map((record) => record.requestId),
    );
    await expect(
      moduleRef.get(RetentionService).purge(FIXTURE_NOW),
    ).resolves.toBe(0);
    // req-1's two tags went with it; req-3, 5, 7 and 9 keep theirs.
    const db = await moduleRef.get(DatabaseConnector).get();
    const tags = await db.query<{ name: string }[]>(
      'SELECT name FROM request_tags',
    );
    expect(tags.map((tag) => tag.name)).toEqual([
      'team',
      'team',
      'team',
      'team',
    ]);
    const summary = await moduleRef
      .get(MetricsReader)
      .summarize({}, 10, FIXTURE_NOW);
    expect(summary.totalRequests).toBe(8);
    expect(summary.latency.responseTimeMs.p99).toBe(1420);
    expect(summary.topModels).toContainEqual({ value: 'gpt-4', count: 3 });
  });

  it('deletes as many rows per statement as the batch size allows', async () => {
    await startWithFixture(5_000);
    const batches = await watchRecordDeletes();
    await expect(
      moduleRef.get(RetentionService).purge(FIXTURE_NOW),
    ).resolves.toBe(2);
    expect(batches).toEqual([2]);
  });
});
