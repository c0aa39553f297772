import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DatabaseConnector,
  RecordWriter,
  type RequestRecordInput,
  type SpoolConfig,
} from '@app/persistence';
import { encodeRecord } from '@app/persistence/spool/spool-codec';
import { FIXTURE_RECORDS } from '../fixtures/records.fixture';
import {
  createPersistenceModule,
  testSpool,
} from '../support/persistence-testing';
import { testDatabases, type TestDatabase } from '../support/test-databases';

/** A segment name whose owner never registered: what a killed process leaves behind. */
const ORPHAN = '0123456789ab-1.spool';

const recordNumber = (n: number): RequestRecordInput => ({
  ...FIXTURE_RECORDS[n % FIXTURE_RECORDS.length],
  requestId: `spool-${n}`,
});

const lines = (from: number, to: number): string =>
  Array.from({ length: to - from }, (_, i) =>
    encodeRecord({ uid: randomUUID(), record: recordNumber(from + i) }),
  ).join('');

const spoolFiles = (dir: string, suffix: string) =>
  readdirSync(dir).filter((name) => name.endsWith(suffix));

describe.each(testDatabases())('record spool on %s', (_kind, create) => {
  let database: TestDatabase;
  let spool: SpoolConfig;
  let dir: string;
  let moduleRef: TestingModule | undefined;

  /** Starts the writer on the test's spool and writes whatever it replays. */
  async function start(): Promise<RecordWriter> {
    moduleRef = await createPersistenceModule(database.url, {}, spool);
    const writer = moduleRef.get(RecordWriter);
    await writer.flush();
    return writer;
  }

  /** Stored records, and what the hourly rollup counts: the two must agree. */
  async function counts(): Promise<{ records: number; rollup: number }> {
    const db = await moduleRef!.get(DatabaseConnector).get();
    const [records] = await db.query<{ n: unknown }[]>(
      'SELECT COUNT(*) AS n FROM request_records',
    );
    const [rollup] = await db.query<{ n: unknown }[]>(
      'SELECT COALESCE(SUM(requests), 0) AS n FROM request_totals_hourly',
    );
    return { records: Number(records.n), rollup: Number(rollup.n) };
  }

  beforeEach(async () => {
    database = await create();
    spool = testSpool();
    dir = spool.dir as string;
  });

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await database.drop();
  });

  it('replays a segment whose records were committed without counting them twice', async () => {
    let writer = await start();
    for (let i = 0; i < 50; i++) writer.record(recordNumber(i));
    const [segment] = spoolFiles(dir, '.spool');
    const written = readFileSync(join(dir, segment));
    await writer.flush();
    await moduleRef!.close();
    expect(spoolFiles(dir, '.spool')).toEqual([]);
    // The crash fell after the commit, before the segment was deleted; 10 more followed.
    writeFileSync(join(dir, ORPHAN), written.toString() + lines(50, 60));
    writer = await start();
    await expect(counts()).resolves.toEqual({ records: 60, rollup: 60 });
    expect(writer.stats()).toMatchObject({ written: 10, duplicates: 50 });
    expect(spoolFiles(dir, '.spool')).toEqual([]);
  });

  it('reads a truncated segment up to its last whole record and sets the rest aside', async () => {
    const tail = lines(3, 4).slice(0, 40);
    writeFileSync(join(dir, ORPHAN), lines(0, 3) + tail);
    const writer = await start();
    await expect(counts()).resolves.toEqual({ records: 3, rollup: 3 });
    expect(writer.stats().spool).toMatchObject({ bytes: 0, segments: 0 });
    const [aside] = spoolFiles(dir, '.corrupt');
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(tail);
  });

  it('starts anyway on a segment of garbage, which it sets aside whole', async () => {
    const garbage = Buffer.from(
      '\u0000\u0001garbage{"not":"a record"}\n\u00ff',
    );
    writeFileSync(join(dir, ORPHAN), garbage);
    const writer = await start();
    await expect(counts()).resolves.toEqual({ records: 0, rollup: 0 });
    expect(writer.stats()).toMatchObject({ written: 0, dropped: 0 });
    const [aside] = spoolFiles(dir, '.corrupt');
    expect(readFileSync(join(dir, aside))).toEqual(garbage);
  });

  it('refuses to start on an unwritable SPOOL_DIR, naming it', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    spool = { ...spool, dir: join(dir, 'a-file', 'spool') };
    await expect(start()).rejects.toThrow(
      `SPOOL_DIR ${join(dir, 'a-file', 'spool')} is not writable`,
    );
  });

  it('keeps recording in memory when a spool write fails for a full disk', async () => {
    const writer = await start();
    writer.record(recordNumber(1));
    const [first] = spoolFiles(dir, '.spool');
    await writer.flush();
    // The next segment lands on /dev/full: every write to it fails with ENOSPC.
    symlinkSync(
      '/dev/full',
      join(dir, first.replace(/-1\.spool$/, '-2.spool')),
    );
    expect(() => writer.record(recordNumber(2))).not.toThrow();
    expect(writer.stats()).toMatchObject({ buffered: 1, dropped: 0 });
    await writer.flush();
    await expect(counts()).resolves.toEqual({ records: 2, rollup: 2 });
  });

  it('leaves the segments of a live writer alone', async () => {
    moduleRef = await createPersistenceModule(
      database.url,
      { flushIntervalMs: 60_000 },
      spool,
    );
    const first = moduleRef.get(RecordWriter);
    first.record(recordNumber(1));
    const [segment] = spoolFiles(dir, '.spool');
    const other = await createPersistenceModule(database.url, {}, spool);
    try {
      expect(other.get(RecordWriter).stats().spool?.segments).toBe(0);
      expect(spoolFiles(dir, '.spool')).toEqual([segment]);
    } finally {
      await other.close();
    }
    await first.flush();
    await expect(counts()).resolves.toEqual({ records: 1, rollup: 1 });
  });
});
