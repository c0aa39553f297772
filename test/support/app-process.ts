import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import { testDatabases, type TestDatabase } from './test-databases';

const ROOT = join(__dirname, '..', '..');

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed, for assertions and for failure messages. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Builds dist/ when it is missing or older than the sources (as `npm start` does). */
export function buildApps(stdio: 'inherit' | 'pipe' = 'inherit'): void {
  execFileSync(
    process.execPath,
    [join(ROOT, 'scripts', 'build-if-needed.js')],
    { cwd: ROOT, stdio },
  );
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs a built app as production does (`node dist/apps/<app>/src/main.js`) and waits until
 * its /health answers.
 */
export async function startAppProcess(
  app: 'gateway' | 'metrics',
  env: Record<string, string>,
): Promise<AppProcess> {
  const port = await freePort();
  const portKey = app === 'gateway' ? 'GATEWAY_PORT' : 'METRICS_PORT';
  const child = spawn(
    process.execPath,
    [join(ROOT, `dist/apps/${app}/src/main.js`)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        // Its own spool unless told: no test replays segments another one left.
        SPOOL_DIR: mkdtempSync(join(tmpdir(), 'spool-')),
        // A free metrics port unless told: suites start several gateways at once.
        PROMETHEUS_PORT: '0',
        ...env,
        [portKey]: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', resolve),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, exited, () => output);
  return {
    url,
    child,
    output: () => output,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

async function waitForHealth(
  url: string,
  exited: Promise<number | null>,
  output: () => string,
): Promise<void> {
  let ended = false;
  void exited.then(() => (ended = true));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !ended) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`app at ${url} did not become healthy:\n${output()}`);
}

/** A fake backend and a fresh SQLite database, and gateway processes started between them. */
export interface GatewayProcesses {
  backend: FakeBackend;
  database: TestDatabase;
  /** A built gateway on the backend and database, `env` added; stopped after the suite. */
  start(env?: Record<string, string>): Promise<AppProcess>;
}

/**
 * Builds the apps and starts a backend and a database before the calling describe's tests;
 * after them, kills the gateways still running and closes both.
 */
export function useGatewayProcesses(): GatewayProcesses {
  const started: AppProcess[] = [];
  const processes = {
    start: async (env: Record<string, string> = {}) => {
      const gateway = await startAppProcess('gateway', {
        BACKEND_URL: processes.backend.url,
        DATABASE_URL: processes.database.url,
        ...env,
      });
      started.push(gateway);
      return gateway;
    },
  } as GatewayProcesses;

  beforeAll(async () => {
    buildApps();
    processes.backend = await startFakeBackend();
    processes.database = await testDatabases()[0][1]();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(started.map((gateway) => gateway.stop('SIGKILL')));
    await processes.backend.close();
    await processes.database.drop();
  });

  return processes;
}
