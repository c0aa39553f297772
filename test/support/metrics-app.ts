import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import {
  RecordWriter,
  type Environment,
  type RequestRecordInput,
} from '@app/persistence';
import { CLOCK } from '../../apps/metrics/src/common/clock/clock';
import { configureApp } from '../../apps/metrics/src/configure-app';
import { MetricsAppModule } from '../../apps/metrics/src/metrics-app.module';
import { createPersistenceModule } from './persistence-testing';
import type { TestDatabase } from './test-databases';

export interface MetricsAppOptions {
  databaseUrl: string;
  /** Records written to the database before the app starts (the app itself only reads). */
  records?: RequestRecordInput[];
  /** What the app's clock answers; the real time when absent. */
  now?: Date;
  apiToken?: string;
  corsOrigins?: string[];
  /** Whether /docs and /docs-json are served (the default). */
  docs?: boolean;
  /** More variables, as they are spelled; they win over the settings above. */
  environment?: Environment;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RunningMetricsApp {
  app: NestExpressApplication;
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  get<T = unknown>(
    path: string,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer<T>>;
  close(): Promise<void>;
}

/**
 * The metrics app as main.ts builds it (module + configureApp), on an ephemeral port, with
 * its database, settings and clock pointed at the test's.
 */
export async function startMetricsApp(
  options: MetricsAppOptions,
): Promise<RunningMetricsApp> {
  if (options.records) await seed(options.databaseUrl, options.records);
  const { now } = options;
  const moduleRef = await Test.createTestingModule({
    imports: [MetricsAppModule.forEnvironment(metricsEnvironment(options))],
  })
    .overrideProvider(CLOCK)
    .useValue(() => (now ? new Date(now) : new Date()))
    .compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>({
      logger: ['error'],
    }),
  );
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    url,
    get: (path, headers) => getJson(`${url}${path}`, headers),
    close: () => app.close(),
  };
}

/** The variables that give the settings a suite asked for, as a deployment would set them. */
function metricsEnvironment(options: MetricsAppOptions): Environment {
  return {
    LOG_LEVEL: process.env.LOG_LEVEL,
    DATABASE_URL: options.databaseUrl,
    DB_MIGRATE: 'true',
    CORS_ORIGINS: options.corsOrigins?.join(','),
    METRICS_API_TOKEN: options.apiToken,
    METRICS_DOCS: options.docs === undefined ? undefined : String(options.docs),
    ...options.environment,
  };
}

/** The running app as a suite sees it: closing it is useMetricsApp's job. */
export type MetricsApi = Omit<RunningMetricsApp, 'close'>;

/**
 * Gives the enclosing describe block a fresh database and the metrics app on it: both are
 * made in a beforeAll and dropped in an afterAll. The handle is usable from that beforeAll
 * on, so later hooks and the tests read it directly. `timeoutMs` is the set-up's, for seeds
 * too large for Jest's default.
 */
export function useMetricsApp(
  createDatabase: () => Promise<TestDatabase>,
  options: Omit<MetricsAppOptions, 'databaseUrl'> = {},
  timeoutMs?: number,
): MetricsApi {
  let database: TestDatabase | undefined;
  let running: RunningMetricsApp | undefined;
  beforeAll(async () => {
    database = await createDatabase();
    running = await startMetricsApp({ ...options, databaseUrl: database.url });
  }, timeoutMs);
  afterAll(async () => {
    await running?.close();
    await database?.drop();
  });
  const started = (): RunningMetricsApp => {
    if (!running) throw new Error('the metrics app has not started');
    return running;
  };
  return {
    get app() {
      return started().app;
    },
    get url() {
      return started().url;
    },
    get: (path, headers) => started().get(path, headers),
  };
}

/** Writes the records through the persistence library's writer, as the gateway would. */
async function seed(url: string, records: RequestRecordInput[]): Promise<void> {
  const moduleRef = await createPersistenceModule(url, {
    maxBufferedRows: records.length,
  });
  try {
    const writer = moduleRef.get(RecordWriter);
    records.forEach((record) => writer.record(record));
    await writer.flush();
    const { buffered, dropped } = writer.stats();
    if (buffered > 0 || dropped > 0) {
      throw new Error(`seeding: ${buffered} not written, ${dropped} dropped`);
    }
  } finally {
    await moduleRef.close();
  }
}

/** A GET whose body is parsed as JSON (or kept as text when it is not JSON). */
export async function getJson<T = unknown>(
  url: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer<T>> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: Swagger UI's HTML, for one.
  }
  return {
    status: response.status,
    headers: response.headers,
    body: body as T,
  };
}
