import type { TestingModule } from '@nestjs/testing';
import {
  DatabaseConnector,
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

  it('deletes only records older than the retention, in bounded batches', async () => {
    // One day at FIXTURE_NOW keeps the requests from 2024-01-14T10:30:00Z on: req-3 to req-10.
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
  });
});
