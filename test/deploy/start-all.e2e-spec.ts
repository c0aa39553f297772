import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import {
  buildApps,
  freePort,
  ProcessGroup,
  runCommand,
  waitForStatus,
} from './support/processes';

/** `npm start`: both apps in one process, from the built command package.json names. */
const START_ALL = ['node', 'dist/apps/cli/src/start-all.js'];

describe('npm start (both apps in one process)', () => {
  const processes = new ProcessGroup();
  let backend: FakeBackend;
  let dir: string;

  beforeAll(async () => {
    buildApps();
    backend = await startFakeBackend();
    dir = mkdtempSync(join(tmpdir(), 'start-all-'));
  }, 180_000);

  afterAll(async () => {
    await processes.killAll();
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ports = async () => ({
    GATEWAY_PORT: String(await freePort()),
    GATEWAY_HOST: '127.0.0.1',
    METRICS_PORT: String(await freePort()),
    METRICS_HOST: '127.0.0.1',
    BACKEND_URL: backend.url,
  });

  it('refuses sqlite::memory:, saying why and what to use instead', async () => {
    const { code, output } = await runCommand(START_ALL, {
      ...(await ports()),
      DATABASE_URL: 'sqlite::memory:',
    });
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL=sqlite::memory: cannot be used');
    expect(output).toContain('each open their own connection');
    expect(output).toContain('DATABASE_URL=sqlite:./data/metrics.sqlite');
  });

  it('on a SQLite file, the metrics API lists what the gateway recorded', async () => {
    const environment = {
      ...(await ports()),
      DATABASE_URL: `sqlite:${join(dir, 'metrics.sqlite')}`,
    };
    const running = processes.start('start-all', START_ALL, environment);
    const gateway = `http://127.0.0.1:${environment.GATEWAY_PORT}`;
    const metrics = `http://127.0.0.1:${environment.METRICS_PORT}`;
    await waitForStatus(running, `${gateway}/health`);
    await waitForStatus(running, `${metrics}/health`);
    const answer = await fetch(`${gateway}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'one' },
      body: JSON.stringify({
        model: 'llama3',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(answer.status).toBe(200);
    await answer.arrayBuffer();
    let listed: { request_id: string }[] = [];
    for (let i = 0; i < 100 && listed.length === 0; i++) {
      const rows = await fetch(`${metrics}/completion_requests`);
      listed = (await rows.json()) as { request_id: string }[];
      if (listed.length === 0) await delay(100);
    }
    expect(listed.map((row) => row.request_id)).toEqual(['one']);
  });
});
