import OpenAI from 'openai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/persistence';
import {
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import {
  buildApps,
  startAppProcess,
  type AppProcess,
} from '../support/app-process';
import { HELLO_MESSAGES } from '../support/chat-requests';
import { testDatabases, type TestDatabase } from '../support/test-databases';

const CLIENTS = 16;
const LOAD_MS = 1_500;

interface Recording {
  buffered: number;
  spool: { bytes: number } | null;
}

const recordingOf = async (gateway: AppProcess): Promise<Recording> => {
  const health = (await (await fetch(`${gateway.url}/health`)).json()) as {
    details: { recording: Recording };
  };
  return health.details.recording;
};

/** Clients that send requests until stopped; the ids of those answered in full. */
function sendUntilStopped(gateway: AppProcess, stream: boolean) {
  const answered: string[] = [];
  const prefix = randomBytes(3).toString('hex');
  let stopped = false;
  let sequence = 0;
  const client = new OpenAI({
    baseURL: `${gateway.url}/v1`,
    apiKey: 'sk-test',
    maxRetries: 0,
  });
  const one = async (id: string) => {
    const options = { headers: { 'x-request-id': id } };
    const body = { model: 'gpt-4o-mini', messages: HELLO_MESSAGES };
    if (!stream) return client.chat.completions.create(body, options);
    const chunks = await client.chat.completions.create(
      { ...body, stream: true },
      options,
    );
    for await (const chunk of chunks) void chunk;
  };
  const loop = async () => {
    while (!stopped) {
      const id = `crash-${prefix}-${++sequence}`;
      // A request cut off by the kill was never answered: it may or may not be stored.
      const ok = await one(id).then(
        () => true,
        () => false,
      );
      if (ok && !stopped) answered.push(id);
    }
  };
  const done = Promise.all(Array.from({ length: CLIENTS }, loop));
  return {
    answered,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

describe.each(testDatabases())(
  'a gateway killed under load on %s',
  (_kind, create) => {
    let database: TestDatabase;
    let backend: FakeBackend;
    let gateway: AppProcess | undefined;
    let db: DataSource | undefined;

    beforeAll(async () => {
      buildApps('pipe');
      backend = await startFakeBackend();
    });

    beforeEach(async () => {
      database = await create();
    });

    afterEach(async () => {
      await gateway?.stop('SIGKILL');
      await db?.destroy();
      db = undefined;
      await database.drop();
    });

    afterAll(() => backend.close());

    async function query<T>(sql: string): Promise<T[]> {
      db ??= await new DataSource(
        buildDataSourceOptions(database.url),
      ).initialize();
      return db.query<T[]>(sql);
    }

    it.each([false, true])(
      'stores every request answered before the kill exactly once (streamed: %s)',
      async (stream) => {
        const environment = {
          BACKEND_URL: backend.url,
          DATABASE_URL: database.url,
          SPOOL_DIR: mkdtempSync(join(tmpdir(), 'spool-')),
          // Records wait for a full batch of 500: at the kill, most are in the spool only.
          RECORD_FLUSH_INTERVAL_MS: '60000',
        };
        gateway = await startAppProcess('gateway', environment);
        const clients = sendUntilStopped(gateway, stream);
        await delay(LOAD_MS);
        const beforeKill = [...clients.answered];
        expect((await recordingOf(gateway)).buffered).toBeGreaterThan(0);
        await gateway.stop('SIGKILL');
        await clients.stop();
        expect(beforeKill.length).toBeGreaterThan(50);

        gateway = await startAppProcess('gateway', {
          ...environment,
          RECORD_FLUSH_INTERVAL_MS: '50',
        });
        const deadline = Date.now() + 20_000;
        while ((await recordingOf(gateway)).spool?.bytes !== 0) {
          if (Date.now() > deadline) throw new Error('the spool never emptied');
          await delay(100);
        }
        const rows = await query<{ request_id: string; n: unknown }>(
          'SELECT request_id, COUNT(*) AS n FROM request_records GROUP BY request_id',
        );
        const stored = new Map(
          rows.map((row) => [row.request_id, Number(row.n)]),
        );
        expect(beforeKill.filter((id) => stored.get(id) !== 1)).toEqual([]);
        expect([...stored.values()].every((n) => n === 1)).toBe(true);
        const [totals] = await query<{ n: unknown }>(
          'SELECT SUM(requests) AS n FROM request_totals_hourly',
        );
        expect(Number(totals.n)).toBe(rows.length);
      },
    );
  },
);
