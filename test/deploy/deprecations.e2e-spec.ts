import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import {
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import { collect } from '../fixtures/fake-openai-client-helpers';
import { GATEWAY, METRICS, type AppContract } from './support/app-contract';
import { ROOT } from './support/compose-file';
import { buildApps, freePort } from './support/processes';

/** A deprecation emitted from outside http-proxy, with the code http-proxy's would carry. */
const PROBE = `setTimeout(() => process.emitWarning('probe from the app itself', {
  type: 'DeprecationWarning', code: 'DEP0060' }), 0);`;

interface App {
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM, then the exit code or signal. */
  stop(): Promise<number | string>;
}

/** Runs a built app with the test's own node (so `.ci/run`'s second pass covers Node 24). */
async function startApp(
  app: AppContract,
  environment: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<App> {
  const port = String(await freePort());
  const [, ...args] = app.command;
  const child = spawn(process.execPath, [...nodeFlags, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...environment,
      [app.listenKeys.port]: port,
      [app.listenKeys.host]: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'none')),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (
    !(await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`${app.name} did not start:\n${stdout}\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = () => {
    child.kill('SIGTERM');
    return exited;
  };
  return { url, stdout: () => stdout, stderr: () => stderr, stop };
}

/** A chat completion, plain and streamed, through the gateway to the fake backend. */
async function chat(gateway: App): Promise<void> {
  const client = new OpenAI({
    baseURL: `${gateway.url}/v1`,
    apiKey: 'sk-test',
    maxRetries: 0,
  });
  const messages = [{ role: 'user' as const, content: 'hello' }];
  const answer = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages,
  });
  expect(answer.choices[0].message.content).toBeTruthy();
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages,
    stream: true,
  });
  expect((await collect(stream)).length).toBeGreaterThan(1);
}

/** /metrics once the gateway's records have been written. */
async function recordedRequests(metrics: App, expected: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(`${metrics.url}/metrics`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { total_requests: number };
    if (body.total_requests >= expected || Date.now() > deadline)
      return body.total_requests;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as object);

describe(`deprecation warnings on Node ${process.version}`, () => {
  let backend: FakeBackend;
  let dir: string;

  beforeAll(async () => {
    buildApps();
    backend = await startFakeBackend();
    dir = mkdtempSync(join(tmpdir(), 'gateway-deprecations-'));
    writeFileSync(join(dir, 'probe.js'), PROBE);
  }, 240_000);

  afterAll(async () => {
    await backend?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('neither app prints one after real traffic, and the logs stay JSON lines', async () => {
    const database = { DATABASE_URL: `sqlite:${join(dir, 'plain.sqlite')}` };
    const gateway = await startApp(GATEWAY, {
      ...database,
      BACKEND_URL: backend.url,
    });
    const metrics = await startApp(METRICS, database);
    await chat(gateway);
    await expect(recordedRequests(metrics, 2)).resolves.toBe(2);
    await Promise.all([gateway.stop(), metrics.stop()]);
    for (const app of [gateway, metrics]) {
      expect(app.stderr()).not.toContain('DeprecationWarning');
      expect(jsonLines(app.stdout()).length).toBeGreaterThan(3);
    }
  }, 90_000);

  // --pending-deprecation makes Node 20 report http-proxy's url.parse() (DEP0169) too, so
  // the filter is exercised on both lines; the probe shows it lets other warnings through.
  it("only http-proxy's own deprecations are kept out of the gateway's stderr", async () => {
    const gateway = await startApp(
      GATEWAY,
      {
        DATABASE_URL: `sqlite:${join(dir, 'pending.sqlite')}`,
        BACKEND_URL: backend.url,
      },
      ['--pending-deprecation', '--require', join(dir, 'probe.js')],
    );
    await chat(gateway);
    await gateway.stop();
    const warnings = gateway.stderr().match(/DeprecationWarning.*/g);
    expect(warnings).toEqual(['DeprecationWarning: probe from the app itself']);
  }, 90_000);
});
