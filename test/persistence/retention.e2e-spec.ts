import type { TestingModule } from '@nestjs/testing';
import {
  DatabaseConnector,
  MetricsReader,
  RecordWriter,
  RetentionService,
} from '@app/persistence';
import { FIXTURE_NOW, FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { createPersistenceModule } from '../support/persistence-testing';
import { testDatabases, type TestDatabase } from '../support/test-databases';

describe.each(testDatabases())('retention on %s', (_kind, createDatabase) => {
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

  it('deletes only records older than the retention, in bounded batches, and their rollups', async () => {
    // One day at FIXTURE_NOW cuts at 2024-01-14T00:00:00Z, the midnight before 2024-01-14T10:30Z:
    // req-3 to req-10 stay.
    moduleRef = await createPersistenceModule(database.url, {
      retentionDays: 1,
      retentionBatchSize: 1,
    });
    const writer = moduleRef.get(RecordWriter);
    FIXTURE_RECORDS.forEach((record) => writer.record(record));
    await writer.flush();
    await expect(
      moduleRef.get(RetentionService).purge(FIXTURE_NOW),
    ).resolves.toBe(2);
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
});
