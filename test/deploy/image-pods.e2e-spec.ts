import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import {
  GATEWAY,
  METRICS,
  type AppContract,
  type Environment,
} from './support/app-contract';
import { imageLayout, type ImageLayout } from './support/image-layout';
import { argvOf } from './support/k8s-manifests';
import {
  imageHealthcheck,
  podEnvironment,
  podOf,
  sqliteCount,
} from './support/pods';
import {
  ProcessGroup,
  buildApps,
  freePort,
  runCommand,
  waitForStatus,
  type RunningProcess,
} from './support/processes';

const HEALTHCHECK = imageHealthcheck();
/** Exiting by itself after SIGTERM: the gateway exits 0, Nest re-raises the signal. */
const STOPPED_GRACEFULLY = [0, 'SIGTERM'];

interface Pod {
  process: RunningProcess;
  environment: Environment;
  url(path?: string): string;
}

describe('the pods, run from the image layout as their manifests say', () => {
  const processes = new ProcessGroup();
  let layout: ImageLayout;
  let backend: FakeBackend;
  let dataDir: string;

  beforeAll(async () => {
    buildApps();
    layout = imageLayout();
    backend = await startFakeBackend();
    dataDir = mkdtempSync(join(tmpdir(), 'gateway-pods-'));
  }, 240_000);

  afterAll(async () => {
    await processes.killAll();
    await backend?.close();
    layout?.remove();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (argv: string[], environment: Environment) =>
    runCommand(argv, environment, layout.dir);

  /** The init container, then the app container; resolves once it answers `waitFor`. */
  async function startPod(
    app: AppContract,
    databaseUrl: string,
    { migrate = true, waitFor = 'readiness' } = {},
  ): Promise<Pod> {
    const { container, init } = podOf(app);
    if (migrate) {
      const step = await run(argvOf(init), { DATABASE_URL: databaseUrl });
      expect(step.code).toBe(0);
    }
    const environment = await podEnvironment(app, container, databaseUrl);
    if (app === GATEWAY) environment.BACKEND_URL = backend.url;
    const base = `http://127.0.0.1:${app.port(environment)}`;
    const url = (path = '') => `${base}${path}`;
    const started = processes.start(
      app.name,
      argvOf(container),
      environment,
      layout.dir,
    );
    const probe =
      waitFor === 'readiness'
        ? container.readinessProbe
        : container.livenessProbe;
    await waitForStatus(started, url(probe?.httpGet?.path));
    return { process: started, environment, url };
  }

  describe.each([GATEWAY, METRICS])('the $name pod', (app) => {
    const { container } = podOf(app);

    it('answers its liveness and readiness probes and the image health check, and stops on SIGTERM', async () => {
      const pod = await startPod(
        app,
        `sqlite:${join(dataDir, `${app.name}.sqlite`)}`,
      );
      for (const probe of [container.livenessProbe, container.readinessProbe]) {
        const response = await fetch(pod.url(probe?.httpGet?.path));
        expect(response.status).toBe(200);
      }
      const check = await run(HEALTHCHECK, pod.environment);
      expect(check.code).toBe(0);
      expect(check.output).toContain(`${app.name} GET`);
      expect(STOPPED_GRACEFULLY).toContain(await pod.process.stop('SIGTERM'));
    }, 60_000);
  });

  it('the gateway pod forwards to BACKEND_URL and has recorded the request when it stops', async () => {
    const url = `sqlite:${join(dataDir, 'forward.sqlite')}`;
    const pod = await startPod(GATEWAY, url);
    const response = await fetch(pod.url('/v1/chat/completions'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'image-forward',
      },
      body: JSON.stringify({
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const forwarded = backend.requests.map((r) => r.headers['x-request-id']);
    expect(forwarded).toContain('image-forward');
    await expect(pod.process.stop('SIGTERM')).resolves.toBe(0);
    const recorded = sqliteCount(
      url,
      "SELECT COUNT(*) AS n FROM request_records WHERE request_id = 'image-forward'",
    );
    expect(recorded).toBe(1);
  }, 60_000);

  it('the metrics pod stays live but turns unready while MySQL is down, and the health check fails', async () => {
    const { container } = podOf(METRICS);
    const closedPort = await freePort();
    const pod = await startPod(
      METRICS,
      `mysql://gateway:secret@127.0.0.1:${closedPort}/llm_gateway`,
      { migrate: false, waitFor: 'liveness' },
    );
    const ready = await fetch(pod.url(container.readinessProbe?.httpGet?.path));
    expect(ready.status).toBe(503);
    await expect(run(HEALTHCHECK, pod.environment)).resolves.toMatchObject({
      code: 1,
    });
    expect(STOPPED_GRACEFULLY).toContain(await pod.process.stop('SIGTERM'));
  }, 60_000);

  it('the image health check fails when no app answers', async () => {
    const environment = {
      [GATEWAY.listenKeys.port]: String(await freePort()),
      [METRICS.listenKeys.port]: String(await freePort()),
    };
    const check = await run(HEALTHCHECK, environment);
    expect(check.code).toBe(1);
    expect(check.output).toMatch(/no app answers/);
  });
});
