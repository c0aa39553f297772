import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/persistence';
import { runInTransaction } from '@app/persistence/sql/transaction';
import { commitBatch } from '@app/persistence/writer/commit-batch';
import {
  idAllocationOf,
  recordStatements,
  type IdAllocation,
} from '@app/persistence/writer/tag-statements';
import {
  DatabaseConnector,
  RecordWriter,
  type RequestRecordInput,
} from '@app/persistence';
import { FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { createPersistenceModule } from '../support/persistence-testing';
import {
  describeEachDatabase,
  type TestDatabase,
} from '../support/test-databases';

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

/** Every stored tag as "request_id name=value", against what the records carried. */
async function storedAndExpected(db: DataSource, writers: number) {
  const rows = await db.query<
    { request_id: string; name: string; value: string }[]
  >(
    'SELECT r.request_id, t.name, t.value FROM request_tags t JOIN request_records r ON r.id = t.record_id',
  );
  const expected = Array.from({ length: writers }, (_, w) =>
    Array.from({ length: PER_WRITER }, (_, n) => taggedRecord(w, n)),
  )
    .flat()
    .flatMap((record) =>
      Object.entries(record.tags).map(
        ([name, value]) => `${record.requestId} ${name}=${value}`,
      ),
    );
  return {
    stored: rows.map((r) => `${r.request_id} ${r.name}=${r.value}`).sort(),
    expected: expected.sort(),
  };
}

describeEachDatabase('record tags on %s', (kind, createDatabase) => {
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
    const { stored, expected } = await storedAndExpected(db, WRITERS);
    expect(stored).toEqual(expected);
  });

  // On MySQL, the path for servers whose ids may interleave (innodb_autoinc_lock_mode=2).
  it('places tags right from several connections at once, one INSERT per tagged record on MySQL', async () => {
    modules.push(await createPersistenceModule(database.url));
    const sources = await Promise.all(
      Array.from({ length: WRITERS }, () =>
        new DataSource(buildDataSourceOptions(database.url)).initialize(),
      ),
    );
    try {
      await Promise.all(
        sources.map(async (source, w) => {
          for (let from = 0; from < PER_WRITER; from += 50) {
            const batch = Array.from({ length: 50 }, (_, i) => ({
              uid: randomUUID(),
              record: taggedRecord(w, from + i),
            }));
            await runInTransaction(
              source,
              recordStatements(batch, kind, {
                consecutiveStep: null,
              }),
            );
          }
        }),
      );
      const { stored, expected } = await storedAndExpected(sources[0], WRITERS);
      expect(stored).toEqual(expected);
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
    }
  });

  // A replayed spool segment: the records already stored are left out, and the new ones' tags
  // go to the new ones' rows, not by offset from the whole batch.
  it('tags only the new records of a batch that is partly stored already', async () => {
    modules.push(await createPersistenceModule(database.url));
    const db = await modules[0].get(DatabaseConnector).get();
    const ids = kind === 'mysql' ? await idAllocation(db) : undefined;
    const entries = [0, 1, 2, 3, 4, 5].map((n) => ({
      uid: randomUUID(),
      record: taggedRecord(0, n),
    }));
    const [a, b, c, d, e, f] = entries;
    await expect(commitBatch(db, [b, d], ids)).resolves.toBe(2);
    await expect(commitBatch(db, [a, b, c, d, e, f], ids)).resolves.toBe(4);
    await expect(commitBatch(db, entries, ids)).resolves.toBe(0);
    const rows = await db.query<{ request_id: string; tags: number }[]>(
      'SELECT r.request_id, COUNT(t.name) AS tags FROM request_records r LEFT JOIN request_tags t ON t.record_id = r.id GROUP BY r.id, r.request_id ORDER BY r.id',
    );
    expect(rows.map((row) => [row.request_id, Number(row.tags)])).toEqual([
      ['w0-1', 2],
      ['w0-3', 0],
      ['w0-0', 0],
      ['w0-2', 2],
      ['w0-4', 2],
      ['w0-5', 2],
    ]);
    const { stored } = await storedAndExpected(db, 0);
    expect(stored).toEqual(
      ['w0-1', 'w0-2', 'w0-4', 'w0-5']
        .flatMap((id) => [`${id} n=${id.slice(3)}`, `${id} writer=w0`])
        .sort(),
    );
  });
});

/** As the writer asks MySQL. */
async function idAllocation(db: DataSource): Promise<IdAllocation> {
  const [row] = await db.query<{ mode: unknown; step: unknown }[]>(
    'SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step',
  );
  return idAllocationOf(Number(row.mode), Number(row.step));
}
