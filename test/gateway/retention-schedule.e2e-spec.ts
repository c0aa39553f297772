import type { TestingModule } from '@nestjs/testing';
import { DatabaseConnector, RecordWriter } from '@app/persistence';
import { FIXTURE_RECORDS } from '../fixtures/records.fixture';
import {
  buildApps,
  startAppProcess,
  type AppProcess,
} from '../support/app-process';
import { createPersistenceModule } from '../support/persistence-testing';
import { testDatabases, type TestDatabase } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

/** The service's first purge comes this long after start-up (then hourly). */
const FIRST_PURGE_AFTER_MS = 30_000;
const DAY_MS = 86_400_000;
const PURGED = /deleted (\d+) records past retention/;

/** The fixture's rows (January 2024) and one from now, which any retention keeps. */
async function seed(url: string): Promise<void> {
  const moduleRef = await createPersistenceModule(url);
  const writer = moduleRef.get(RecordWriter);
  FIXTURE_RECORDS.forEach((record) => writer.record(record));
  writer.record({
    ...FIXTURE_RECORDS[0],
    timestamp: new Date(),
    requestId: 'today',
  });
  await writer.flush();
  await moduleRef.close();
}

/** The records left, and the hourly rollup rows from before the retention's cut. */
async function remaining(
  url: string,
): Promise<{ ids: string[]; oldRollups: number }> {
  const moduleRef: TestingModule = await createPersistenceModule(url);
  try {
    const db = await moduleRef.get(DatabaseConnector).get();
    const rows = await db.query<{ request_id: string }[]>(
      'SELECT request_id FROM request_records ORDER BY timestamp_ms',
    );
    const cutoff = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS;
    const [hourly] = await db.query<{ n: unknown }[]>(
      'SELECT COUNT(*) AS n FROM request_totals_hourly WHERE bucket_ms < ?',
      [cutoff],
    );
    return {
      ids: rows.map((row) => row.request_id),
      oldRollups: Number(hourly.n),
    };
  } finally {
    await moduleRef.close();
  }
}

/** Two gateway processes, one started with RETENTION_DAYS and one without, nobody calling purge. */
describe('RETENTION_DAYS on a running gateway', () => {
  const databases: TestDatabase[] = [];
  const gateways: AppProcess[] = [];

  beforeAll(async () => {
    buildApps();
    for (let i = 0; i < 2; i++) {
      const database = await testDatabases()[0][1]();
      databases.push(database);
      await seed(database.url);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop('SIGKILL')));
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('purges past-retention records and their rollups on its own; unset, it keeps them', async () => {
    const env = { BACKEND_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'info' };
    gateways.push(
      ...(await Promise.all([
        startAppProcess('gateway', {
          ...env,
          DATABASE_URL: databases[0].url,
          RETENTION_DAYS: '1',
        }),
        startAppProcess('gateway', { ...env, DATABASE_URL: databases[1].url }),
      ])),
    );
    const upAt = Date.now();
    const [kept, unset] = gateways;
    await waitFor(
      () => PURGED.test(kept.output()),
      FIRST_PURGE_AFTER_MS * 3,
      'the first purge',
    );
    expect(kept.output().match(PURGED)?.[1]).toBe(
      String(FIXTURE_RECORDS.length),
    );
    await expect(remaining(databases[0].url)).resolves.toEqual({
      ids: ['today'],
      oldRollups: 0,
    });

    // The gateway without RETENTION_DAYS has been up as long, past its would-be first purge.
    await waitFor(
      () => Date.now() - upAt > FIRST_PURGE_AFTER_MS + 2_000,
      10_000,
    );
    expect(unset.output()).not.toMatch(PURGED);
    const untouched = await remaining(databases[1].url);
    expect(untouched.ids).toHaveLength(FIXTURE_RECORDS.length + 1);
    expect(untouched.oldRollups).toBeGreaterThan(0);
  }, 150_000);
});
