import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import OpenAI from 'openai';
import { DatabaseConnector, loadEnvironment } from '@app/persistence';
import { GatewayEnvironment } from '../../apps/gateway/src/config/gateway.environment';
import { GatewayAppModule } from '../../apps/gateway/src/gateway-app.module';
import { collect } from '../fixtures/fake-openai-client-helpers';
import {
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import { firstBodySent, HELLO_MESSAGES } from '../support/chat-requests';
import { startGatewayFrom, type RunningGateway } from '../support/gateway-app';
import { testDatabases, type TestDatabase } from '../support/test-databases';

/** The gateway built from an environment exactly as main.ts builds it from process.env. */
describe('gateway: its environment', () => {
  let backend: FakeBackend;
  let database: TestDatabase;
  let gateway: RunningGateway | undefined;

  beforeEach(async () => {
    backend = await startFakeBackend();
    database = await testDatabases()[0][1]();
  });

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    await backend.close();
    await database.drop();
  });

  const tablesOf = (url: string): string[] => {
    const path = url.slice('sqlite:'.length);
    if (!existsSync(path)) return [];
    const db = new Database(path, { readonly: true });
    try {
      const rows = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all() as { name: string }[];
      return rows.map((row) => row.name);
    } finally {
      db.close();
    }
  };

  it('does not migrate with DB_MIGRATE=0', async () => {
    gateway = await startGatewayFrom({
      BACKEND_URL: backend.url,
      DATABASE_URL: database.url,
      DB_MIGRATE: '0',
    });
    // Connected (the start-up attempt is awaited before the port opens), and no schema made.
    expect(gateway.app.get(DatabaseConnector).isReady).toBe(true);
    expect(tablesOf(database.url)).not.toContain('request_records');
    expect(tablesOf(database.url)).not.toContain('migrations');
  });

  it('migrates with DB_MIGRATE unset, the default', async () => {
    gateway = await startGatewayFrom({
      BACKEND_URL: backend.url,
      DATABASE_URL: database.url,
    });
    expect(tablesOf(database.url)).toEqual(
      expect.arrayContaining(['migrations', 'request_records']),
    );
  });

  it('does not ask the backend for stream usage with INJECT_STREAM_USAGE=0', async () => {
    gateway = await startGatewayFrom({
      BACKEND_URL: backend.url,
      DATABASE_URL: database.url,
      INJECT_STREAM_USAGE: '0',
    });
    const client = new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: 'sk-test',
      maxRetries: 0,
    });
    const stream = await client.chat.completions.create({
      model: 'llama3',
      messages: HELLO_MESSAGES,
      stream: true,
    });
    await collect(stream);
    expect(firstBodySent(backend)).not.toHaveProperty('stream_options');
  });

  it.each([
    ['DB_MIGRATE', 'nope'],
    ['INJECT_STREAM_USAGE', 'enabled'],
  ])('refuses %s=%s, naming the key', (key, value) => {
    expect(() =>
      GatewayAppModule.forEnvironment({
        BACKEND_URL: backend.url,
        [key]: value,
      }),
    ).toThrow(new RegExp(`${key}: ${key} must be one of`));
  });

  it('reads the environment once, into the typed values the app runs with', () => {
    const settings = loadEnvironment(GatewayEnvironment, {
      REQUEST_TIMEOUT_MS: '0',
      DB_MIGRATE: 'off',
      INJECT_STREAM_USAGE: 'No',
    });
    expect(settings).toMatchObject({
      REQUEST_TIMEOUT_MS: 0,
      DB_MIGRATE: false,
      INJECT_STREAM_USAGE: false,
    });
  });
});
