import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { MIGRATIONS } from '@app/migrations';
import {
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import {
  createMysqlDatabase,
  describeOnMysql,
  type TestDatabase,
} from '../support/test-databases';
import { GATEWAY, METRICS, type AppContract } from './support/app-contract';
import { podOf } from './support/pods';
import { sendTraffic } from './support/traffic';
import {
  ProcessGroup,
  buildApps,
  freePort,
  waitForStatus,
  type RunningProcess,
} from './support/processes';

const REQUESTS = 200;
const CONCURRENCY = 16;
/** Longer than the test: records stay buffered until SIGTERM makes the gateways write them. */
const SLOW_FLUSH = { RECORD_FLUSH_INTERVAL_MS: '60000' };

interface Replica {
  process: RunningProcess;
  url: string;
}

function readinessPath(app: AppContract): string {
  return podOf(app).container.readinessProbe?.httpGet?.path ?? '';
}

async function queryRows<T>(url: string, sql: string): Promise<T[]> {
  const connection = await createConnection({ uri: url });
  try {
    const [rows] = await connection.query(sql);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

describeOnMysql(
  'two gateway replicas and the metrics API on one MySQL database',
  () => {
    const processes = new ProcessGroup();
    const batch = randomBytes(3).toString('hex');
    const ids = Array.from(
      { length: REQUESTS },
      (_, i) => `replica-${batch}-${i}`,
    );
    let database: TestDatabase;
    let backend: FakeBackend;
    let gateways: Replica[];
    let metrics: Replica;

    async function startReplica(
      app: AppContract,
      name: string,
    ): Promise<Replica> {
      const port = await freePort();
      const environment = {
        ...(app === GATEWAY ? { ...SLOW_FLUSH, BACKEND_URL: backend.url } : {}),
        DATABASE_URL: database.url,
        [app.listenKeys.port]: String(port),
        [app.listenKeys.host]: '127.0.0.1',
      };
      return {
        process: processes.start(name, app.command, environment),
        url: `http://127.0.0.1:${port}`,
      };
    }

    beforeAll(async () => {
      buildApps();
      database = await createMysqlDatabase();
      backend = await startFakeBackend();
      // All three at once, each applying migrations at start-up as the apps do by default.
      const replicas = await Promise.all([
        startReplica(GATEWAY, 'gateway-1'),
        startReplica(GATEWAY, 'gateway-2'),
        startReplica(METRICS, 'metrics'),
      ]);
      gateways = replicas.slice(0, 2);
      metrics = replicas[2];
      await Promise.all([
        ...gateways.map((g) =>
          waitForStatus(g.process, `${g.url}${readinessPath(GATEWAY)}`),
        ),
        waitForStatus(
          metrics.process,
          `${metrics.url}${readinessPath(METRICS)}`,
        ),
      ]);
    }, 240_000);

    afterAll(async () => {
      await processes.killAll();
      await backend?.close();
      await database?.drop();
    });

    it('applied the migrations once, although three processes started on an empty database together', async () => {
      const rows = await queryRows<{ name: string }>(
        database.url,
        'SELECT name FROM migrations',
      );
      expect(rows.map((row) => row.name).sort()).toEqual(
        MIGRATIONS.map((migration) => migration.name).sort(),
      );
      const migrators = [...gateways, metrics].filter((replica) =>
        /applied migrations/.test(replica.process.output()),
      );
      expect(migrators).toHaveLength(1);
    });

    it('answers every request sent to either replica, streamed or not', async () => {
      const results = await sendTraffic(gateways, ids, CONCURRENCY);
      expect(results.filter((r) => r.status !== 200 || !r.complete)).toEqual(
        [],
      );
      expect(results.map((r) => r.requestId)).toEqual(ids);
      const forwarded = backend.requests.map((r) => r.headers['x-request-id']);
      expect(forwarded.sort()).toEqual([...ids].sort());
    }, 120_000);

    it('holds the records in memory meanwhile', async () => {
      const [{ n }] = await queryRows<{ n: number }>(
        database.url,
        'SELECT COUNT(*) AS n FROM request_records',
      );
      expect(Number(n)).toBe(0);
    });

    it('stops both replicas cleanly on SIGTERM, writing what they held', async () => {
      const codes = await Promise.all(
        gateways.map((g) => g.process.stop('SIGTERM')),
      );
      expect(codes).toEqual([0, 0]);
    }, 90_000);

    it('recorded every request exactly once', async () => {
      const rows = await queryRows<{ request_id: string; copies: number }>(
        database.url,
        'SELECT request_id, COUNT(*) AS copies FROM request_records GROUP BY request_id',
      );
      expect(rows.filter((row) => Number(row.copies) !== 1)).toEqual([]);
      expect(rows.map((row) => row.request_id).sort()).toEqual([...ids].sort());
    });

    it('reports them all through the metrics API, which then stops on SIGTERM', async () => {
      const response = await fetch(`${metrics.url}/metrics`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        total_requests: number;
        streaming_requests: number;
      };
      expect(body.total_requests).toBe(REQUESTS);
      expect(body.streaming_requests).toBe(REQUESTS / 2);
      // Nest re-raises the signal once it has closed.
      expect([0, 'SIGTERM']).toContain(await metrics.process.stop('SIGTERM'));
    });
  },
);
