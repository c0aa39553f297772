import { Logger } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import {
  DatabaseConnector,
  NO_SPOOL,
  RecordWriter,
  type RequestRecordInput,
} from '@app/persistence';
import { FIXTURE_RECORDS } from '../fixtures/records.fixture';
import {
  createPersistenceModule,
  testSpool,
} from '../support/persistence-testing';
import { waitFor } from '../support/wait-for';
import {
  describeEachDatabase,
  type TestDatabase,
} from '../support/test-databases';

const countRows = async (moduleRef: TestingModule): Promise<number> => {
  const db = await moduleRef.get(DatabaseConnector).get();
  const [row] = await db.query<{ n: unknown }[]>(
    'SELECT COUNT(*) AS n FROM request_records',
  );
  return Number(row.n);
};

const recordNumber = (n: number): RequestRecordInput => ({
  ...FIXTURE_RECORDS[n % FIXTURE_RECORDS.length],
  requestId: `bulk-${n}`,
});

describeEachDatabase('record writer on %s', (_kind, createDatabase) => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let writer: RecordWriter;

  beforeEach(async () => {
    database = await createDatabase();
  });

  afterEach(async () => {
    await moduleRef?.close();
    await database.drop();
  });

  it('lands thousands of concurrent records, many per INSERT', async () => {
    moduleRef = await createPersistenceModule(database.url, {
      maxBatchSize: 200,
    });
    writer = moduleRef.get(RecordWriter);
    await Promise.all(
      Array.from({ length: 20 }, async (_, producer) => {
        for (let i = 0; i < 250; i++) {
          writer.record(recordNumber(producer * 250 + i));
          if (i % 50 === 0)
            await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    await writer.flush();
    await expect(countRows(moduleRef)).resolves.toBe(5_000);
    expect(writer.stats()).toMatchObject({
      buffered: 0,
      written: 5_000,
      dropped: 0,
    });
  });

  it('writes on its own once the flush interval is over, not before', async () => {
    const interval = 500;
    moduleRef = await createPersistenceModule(database.url, {
      flushIntervalMs: interval,
    });
    writer = moduleRef.get(RecordWriter);
    const recordedAt = performance.now();
    writer.record(recordNumber(1));
    await waitFor(async () => (await countRows(moduleRef)) === 1, 10_000);
    const waited = performance.now() - recordedAt;
    // The record waits for the interval (a timer never fires early; 5 ms of rounding)...
    expect(waited).toBeGreaterThanOrEqual(interval - 5);
    // ...and no longer than the interval plus one INSERT, with room for a loaded machine.
    expect(waited).toBeLessThan(interval * 4);
  });

  it('keeps rows while the table is away and writes them when it is back', async () => {
    moduleRef = await createPersistenceModule(database.url, {
      flushIntervalMs: 20,
    });
    writer = moduleRef.get(RecordWriter);
    const db = await moduleRef.get(DatabaseConnector).get();
    await db.query(
      'ALTER TABLE request_records RENAME TO request_records_away',
    );
    expect(() =>
      FIXTURE_RECORDS.forEach((record) => writer.record(record)),
    ).not.toThrow();
    await waitFor(() => Promise.resolve(writer.stats().failedAttempts > 0));
    expect(writer.stats().buffered).toBe(FIXTURE_RECORDS.length);
    await db.query(
      'ALTER TABLE request_records_away RENAME TO request_records',
    );
    // The rows are visible to other connections as soon as the COMMIT lands,
    // a moment before the writer hears back and empties its buffer.
    await waitFor(
      async () =>
        (await countRows(moduleRef)) === FIXTURE_RECORDS.length &&
        writer.stats().buffered === 0,
    );
    expect(writer.stats()).toMatchObject({ buffered: 0, dropped: 0 });
  });

  const moveTable = async (from: string, to: string) => {
    const db = await moduleRef.get(DatabaseConnector).get();
    await db.query(`ALTER TABLE ${from} RENAME TO ${to}`);
  };

  it('without a spool, counts the records it drops when the buffer overflows', async () => {
    moduleRef = await createPersistenceModule(
      database.url,
      { maxBufferedRows: 100 },
      NO_SPOOL,
    );
    writer = moduleRef.get(RecordWriter);
    await moveTable('request_records', 'request_records_away');
    for (let i = 0; i < 130; i++) writer.record(recordNumber(i));
    expect(writer.stats()).toMatchObject({
      buffered: 100,
      dropped: 30,
      spool: null,
    });
    await moveTable('request_records_away', 'request_records');
    await writer.flush();
    await expect(countRows(moduleRef)).resolves.toBe(100);
  });

  it('with a spool, keeps more records than the memory holds through an outage', async () => {
    moduleRef = await createPersistenceModule(database.url, {
      maxBufferedRows: 100,
      maxBatchSize: 40,
    });
    writer = moduleRef.get(RecordWriter);
    await moveTable('request_records', 'request_records_away');
    for (let i = 0; i < 130; i++) writer.record(recordNumber(i));
    expect(writer.stats()).toMatchObject({ buffered: 130, dropped: 0 });
    expect(writer.stats().spool?.bytes).toBeGreaterThan(130 * 100);
    await moveTable('request_records_away', 'request_records');
    await writer.flush();
    await expect(countRows(moduleRef)).resolves.toBe(130);
    expect(writer.stats()).toMatchObject({ written: 130, duplicates: 0 });
    expect(writer.stats().spool).toMatchObject({ bytes: 0, segments: 0 });
  });

  it('drops, counts and logs what does not fit in SPOOL_MAX_BYTES', async () => {
    moduleRef = await createPersistenceModule(
      database.url,
      {},
      testSpool({ maxBytes: 8192 }),
    );
    writer = moduleRef.get(RecordWriter);
    await moveTable('request_records', 'request_records_away');
    for (let i = 0; i < 130; i++) writer.record(recordNumber(i));
    const { dropped, buffered, spool } = writer.stats();
    expect(dropped).toBeGreaterThan(0);
    expect(buffered + dropped).toBe(130);
    expect(spool?.bytes).toBeLessThanOrEqual(8192);
    await moveTable('request_records_away', 'request_records');
    await writer.flush();
    await expect(countRows(moduleRef)).resolves.toBe(buffered);
  });

  it('sets aside and logs a record the database refuses, and writes the rest of its batch', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    moduleRef = await createPersistenceModule(database.url, {
      flushIntervalMs: 60_000,
    });
    writer = moduleRef.get(RecordWriter);
    // No endpoint: the column is NOT NULL, so no retry will ever store this one.
    const refused = {
      ...recordNumber(7),
      requestId: 'refused-one',
      endpoint: null,
    } as unknown as RequestRecordInput;
    for (let i = 0; i < 40; i++) {
      writer.record(i === 17 ? refused : recordNumber(i));
    }
    await writer.flush();
    await expect(countRows(moduleRef)).resolves.toBe(39);
    expect(writer.stats()).toMatchObject({
      buffered: 0,
      written: 39,
      refused: 1,
      dropped: 1,
      duplicates: 0,
    });
    expect(writer.stats().spool).toMatchObject({ bytes: 0 });
    const logged = errors.mock.calls.map(([message]) => String(message));
    expect(logged.filter((line) => line.includes('refused-one'))).toEqual([
      expect.stringMatching(/refused record .* of request refused-one/),
    ]);
    // Later records are not held back by it.
    writer.record(recordNumber(100));
    await writer.flush();
    await expect(countRows(moduleRef)).resolves.toBe(40);
    errors.mockRestore();
  });

  it('drains everything when the app shuts down', async () => {
    moduleRef = await createPersistenceModule(database.url, {
      flushIntervalMs: 60_000,
    });
    writer = moduleRef.get(RecordWriter);
    for (let i = 0; i < 700; i++) writer.record(recordNumber(i));
    const connector = moduleRef.get(DatabaseConnector);
    const db = await connector.get();
    await moduleRef.close();
    moduleRef = await createPersistenceModule(database.url);
    await expect(countRows(moduleRef)).resolves.toBe(700);
    expect(db.isInitialized).toBe(false);
  });
});
