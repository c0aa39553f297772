import type { TestingModule } from '@nestjs/testing';
import {
  DatabaseConnector,
  RecordWriter,
  type RequestRecordInput,
} from '@app/persistence';
import { FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { createPersistenceModule } from '../support/persistence-testing';
import { testDatabases, type TestDatabase } from '../support/test-databases';

const WRITERS = 3;
const PER_WRITER = 400;

/** Record n of writer w: two in three tagged, with tags that name the record. */
function taggedRecord(w: number, n: number): RequestRecordInput {
  const tags: Record<string, string> =
    n % 3 === 0 ? {} : { writer: `w${w}`, n: String(n) };
  return {
    ...FIXTURE_RECORDS[n % FIXTURE_RECORDS.length],
    requestId: `w${w}-${n}`,
    tags,
  };
}

describe.each(testDatabases())('record tags on %s', (_kind, createDatabase) => {
  let database: TestDatabase;
  let modules: TestingModule[] = [];

  beforeEach(async () => {
    database = await createDatabase();
  });

  afterEach(async () => {
    await Promise.all(modules.map((moduleRef) => moduleRef.close()));
    modules = [];
    await database.drop();
  });

  it('stores every tag with its own record while several writers insert at once', async () => {
    modules.push(
      await createPersistenceModule(database.url, { maxBatchSize: 50 }),
    );
    for (let w = 1; w < WRITERS; w++)
      modules.push(
        await createPersistenceModule(database.url, {
          maxBatchSize: 50,
          migrate: false,
        }),
      );
    await Promise.all(
      modules.map(async (moduleRef, w) => {
        const writer = moduleRef.get(RecordWriter);
        for (let n = 0; n < PER_WRITER; n++) {
          writer.record(taggedRecord(w, n));
          if (n % 25 === 0) await new Promise((r) => setTimeout(r, 1));
        }
        await writer.flush();
      }),
    );
    const db = await modules[0].get(DatabaseConnector).get();
    const rows = await db.query<
      { request_id: string; name: string; value: string }[]
    >(
      'SELECT r.request_id, t.name, t.value FROM request_tags t JOIN request_records r ON r.id = t.record_id',
    );
    const expected = modules.flatMap((_, w) =>
      Array.from({ length: PER_WRITER }, (_, n) => taggedRecord(w, n)).flatMap(
        (record) =>
          Object.entries(record.tags).map(
            ([name, value]) => `${record.requestId} ${name}=${value}`,
          ),
      ),
    );
    const stored = rows.map((r) => `${r.request_id} ${r.name}=${r.value}`);
    expect(stored.sort()).toEqual(expected.sort());
  });
});
