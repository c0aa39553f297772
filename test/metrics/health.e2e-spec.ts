import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_NOW, FIXTURE_RECORDS } from '../fixtures/records.fixture';
import {
  startMetricsApp,
  useMetricsApp,
  type MetricsApi,
  type RunningMetricsApp,
} from '../support/metrics-app';
import { TcpForwarder, throughForwarder } from '../support/tcp-forwarder';
import {
  createMysqlDatabase,
  describeEachDatabase,
  describeOnMysql,
  type TestDatabase,
} from '../support/test-databases';

const UNAVAILABLE = {
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'The database is unavailable; try again shortly.',
};
const DATA_ROUTES = [
  '/metrics',
  '/completion_requests',
  '/completion_requests?limit=5',
];

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** What every "database down" case must show, whatever the database. */
async function expectDatabaseDown(api: MetricsApi): Promise<void> {
  const health = await api.get('/health');
  expect(health.status).toBe(503);
  const down: unknown = expect.objectContaining({ status: 'down' });
  expect(health.body).toEqual({
    status: 'error',
    info: {},
    error: { database: down },
    details: { database: down },
  });
  await expect(api.get('/health/live')).resolves.toMatchObject({
    status: 200,
  });
  for (const path of DATA_ROUTES) {
    const answer = await api.get(path);
    expect([path, answer.status, answer.body]).toEqual([
      path,
      503,
      UNAVAILABLE,
    ]);
    expect(answer.headers.get('retry-after')).toBe('5');
  }
}

async function expectDatabaseUp(api: MetricsApi): Promise<void> {
  const health = await api.get('/health');
  expect(health.status).toBe(200);
  expect(health.body).toEqual({
    status: 'healthy',
    timestamp: expect.stringMatching(ISO_UTC) as unknown,
    details: { database: { status: 'up' } },
  });
  const metrics = await api.get<{ total_requests: number }>('/metrics');
  expect(metrics.status).toBe(200);
  expect(metrics.body.total_requests).toBe(FIXTURE_RECORDS.length);
}

describeEachDatabase('health on %s', (_kind, create) => {
  const api = useMetricsApp(create, {
    records: FIXTURE_RECORDS,
    now: FIXTURE_NOW,
  });

  it('is ready while the database answers', () => expectDatabaseUp(api));

  it('is alive, with a UTC timestamp', async () => {
    const { status, body } = await api.get('/health/live');
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'healthy',
      timestamp: expect.stringMatching(ISO_UTC) as unknown,
    });
  });
});

describe('health when a SQLite file cannot be opened', () => {
  let directory: string;
  let api: RunningMetricsApp;

  beforeAll(async () => {
    // A directory where the database file should be: SQLite cannot open it.
    directory = mkdtempSync(join(tmpdir(), 'metrics-unopenable-'));
    api = await startMetricsApp({ databaseUrl: `sqlite:${directory}` });
  });

  afterAll(async () => {
    await api?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('is not ready, and the data endpoints answer 503', () =>
    expectDatabaseDown(api));
});

describeOnMysql('health when MySQL goes away', () => {
  let database: TestDatabase;
  let forwarder: TcpForwarder;
  let api: RunningMetricsApp;

  beforeAll(async () => {
    database = await createMysqlDatabase();
    const target = new URL(database.url);
    forwarder = await TcpForwarder.open(
      target.hostname,
      Number(target.port || 3306),
    );
    api = await startMetricsApp({
      databaseUrl: throughForwarder(database.url, forwarder),
      records: FIXTURE_RECORDS,
      now: FIXTURE_NOW,
    });
  });

  afterAll(async () => {
    await api?.close();
    await forwarder?.close();
    await database?.drop();
  });

  it('is ready while MySQL answers', () => expectDatabaseUp(api));

  it('is not ready once MySQL is cut off, and the data endpoints answer 503', async () => {
    await forwarder.stop();
    await expectDatabaseDown(api);
  });

  it('is ready again once MySQL is back', async () => {
    await forwarder.start();
    await expectDatabaseUp(api);
  });
});
