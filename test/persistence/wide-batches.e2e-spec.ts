import type { TestingModule } from '@nestjs/testing';
import {
  DatabaseConnector,
  RecordWriter,
  type RequestRecordInput,
} from '@app/persistence';
import { commitBatch } from '@app/persistence/writer/commit-batch';
import { FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { createPersistenceModule } from '../support/persistence-testing';
import {
  describeEachDatabase,
  type TestDatabase,
} from '../support/test-databases';

/** The most RECORD_BATCH_SIZE allows. */
const BATCH = 1_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Record n: its own user, key, model, origin and ten tags of its own values, on one of
 * three days, so that every rollup row of the batch is a new one: the widest batch a busy
 * gateway with many users can hand the writer.
 */
function distinctRecord(n: number, end: number): RequestRecordInput {
  const tags: Record<string, string> = {};
  for (let t = 0; t < 10; t++) tags[`tag-${t}`] = `value-${n}-${t}`;
  return {
    ...FIXTURE_RECORDS[n % FIXTURE_RECORDS.length],
    timestamp: new Date(end - (n % 3) * DAY_MS - n * 1_000),
    model: `model-${n}`,
    origin: `origin-${n}.example.com`,
    user: `user-${n}`,
    apiKeyId: n.toString(16).padStart(16, '0'),
    tags,
    requestId: `wide-${n}`,
    timeToFirstTokenMs: 50 + n,
    responseTimeMs: 100 + 7 * n,
  };
}

describeEachDatabase('the widest batch on %s', (_kind, createDatabase) => {
  let database: TestDatabase;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    database = await createDatabase();
    moduleRef = await createPersistenceModule(database.url, {
      maxBatchSize: BATCH,
      // One batch: nothing is written before all of them are recorded.
      flushIntervalMs: 60_000,
    });
  });

  afterAll(async () => {
    await moduleRef?.close();
    await database.drop();
  });

  it('commits a full batch of records that all differ, in one go', async () => {
    const writer = moduleRef.get(RecordWriter);
    const end = Date.now();
    for (let n = 0; n < BATCH; n++) writer.record(distinctRecord(n, end));
    await writer.flush(30_000);
    expect(writer.stats()).toMatchObject({
      buffered: 0,
      written: BATCH,
      dropped: 0,
      failedAttempts: 0,
    });
    const db = await moduleRef.get(DatabaseConnector).get();
    const [{ records, tags }] = await db.query<
      { records: unknown; tags: unknown }[]
    >(
      'SELECT (SELECT COUNT(*) FROM request_records) AS records, (SELECT COUNT(*) FROM request_tags) AS tags',
    );
    expect(Number(records)).toBe(BATCH);
    expect(Number(tags)).toBe(BATCH * 10);
    const [{ requests }] = await db.query<{ requests: unknown }[]>(
      'SELECT SUM(requests) AS requests FROM request_totals_hourly',
    );
    expect(Number(requests)).toBe(BATCH);
  });

  it('splits a commit too wide for one statement, each run of records with its own tags', async () => {
    // More records than one INSERT may carry (30 values each, 30,000 at most a statement).
    const db = await moduleRef.get(DatabaseConnector).get();
    const end = Date.now();
    const batch = Array.from({ length: 2_500 }, (_, n) => ({
      uid: `split-${n}`,
      record: { ...distinctRecord(n, end), requestId: `split-${n}` },
    }));
    await expect(commitBatch(db, batch)).resolves.toBe(batch.length);
    const misplaced = await db.query<{ n: unknown }[]>(
      `SELECT COUNT(*) AS n FROM request_tags t JOIN request_records r ON r.id = t.record_id
       WHERE r.request_id LIKE 'split-%' AND t.value NOT LIKE CONCAT('value-', SUBSTR(r.request_id, 7), '-%')`,
    );
    const placed = await db.query<{ n: unknown }[]>(
      `SELECT COUNT(*) AS n FROM request_tags t JOIN request_records r ON r.id = t.record_id
       WHERE r.request_id LIKE 'split-%'`,
    );
    expect(Number(placed[0].n)).toBe(batch.length * 10);
    expect(Number(misplaced[0].n)).toBe(0);
  });
});
