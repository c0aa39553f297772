import { FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { rawRequestWithin, type RawRequest } from '../support/raw-http';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import {
  startMetricsApp,
  type RunningMetricsApp,
} from '../support/metrics-app';
import { recordsOf } from '../support/records';
import {
  spyOnUnhandledRejections,
  type UnhandledRejectionSpy,
} from '../support/unhandled-rejections';
import { answerProblems, inPool, type FuzzedApp } from './fuzz-client';
import { gatewayRequest } from './gateway-requests';
import { metricsRequest } from './metrics-requests';
import { Random } from './random';

/** FUZZ_SEED=<n> replays a run; the seed is in every test's name. */
const SEED = Number(process.env.FUZZ_SEED || 20_240_115);
const GATEWAY_REQUESTS = 2_500;
const METRICS_REQUESTS = 1_500;
const CONCURRENCY = 16;
const ANSWER_TIMEOUT_MS = 10_000;
/** Bodies that stall (a declared length too long) are cut after this. */
const STALL_TIMEOUT_MS = 2_000;
const TOKEN = 'fuzz-metrics-token-0123456789';

/** Sends every request; returns one line per problem, naming the request. */
async function fuzz(
  app: FuzzedApp,
  baseUrl: string,
  requests: RawRequest[],
): Promise<string[]> {
  const problems: string[] = [];
  await inPool(requests, CONCURRENCY, async (request, index) => {
    const name = `#${index} ${request.method} ${JSON.stringify(request.path.slice(0, 120))}`;
    try {
      const answer = await rawRequestWithin(
        baseUrl,
        request,
        ANSWER_TIMEOUT_MS,
      );
      const found = answerProblems(app, request, answer);
      const preview = answer.body.subarray(0, 200).toString();
      for (const problem of found) {
        problems.push(`${name} -> ${answer.status}: ${problem}; ${preview}`);
      }
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  });
  return problems;
}

describe(`fuzz (seed ${SEED})`, () => {
  let suite: GatewaySuite;
  let metrics: RunningMetricsApp;
  let rejections: UnhandledRejectionSpy;

  beforeAll(async () => {
    console.info(`fuzz seed ${SEED}: FUZZ_SEED=${SEED} replays this run`);
    rejections = spyOnUnhandledRejections();
    suite = await startGatewaySuite({
      requestBodyTimeoutMs: STALL_TIMEOUT_MS,
      upstreamIdleTimeoutMs: STALL_TIMEOUT_MS,
    });
    // The metrics app reads what the gateway recorded of the fuzz, next to known rows.
    metrics = await startMetricsApp({
      databaseUrl: suite.database.url,
      records: FIXTURE_RECORDS,
      apiToken: TOKEN,
      corsOrigins: ['https://dashboard.example.com'],
    });
  });

  afterAll(async () => {
    rejections.restore();
    await metrics?.close();
    await suite?.close();
  });

  it(`answers ${GATEWAY_REQUESTS} random and mutated requests to the gateway well-formed (seed ${SEED})`, async () => {
    const random = new Random(SEED);
    const requests = Array.from({ length: GATEWAY_REQUESTS }, () =>
      gatewayRequest(random),
    );
    await expect(fuzz('gateway', suite.gateway.url, requests)).resolves.toEqual(
      [],
    );
  }, 60_000);

  it(`answers ${METRICS_REQUESTS} random requests to the metrics app without a server error (seed ${SEED})`, async () => {
    await suite.gateway.writer.flush();
    const random = new Random(SEED);
    const requests = Array.from({ length: METRICS_REQUESTS }, () =>
      metricsRequest(random, TOKEN),
    );
    await expect(fuzz('metrics', metrics.url, requests)).resolves.toEqual([]);
  }, 60_000);

  it('leaves both apps healthy, every record written, no rejection unhandled', async () => {
    await expect(fetch(`${suite.gateway.url}/health`)).resolves.toHaveProperty(
      'status',
      200,
    );
    await expect(fetch(`${metrics.url}/health`)).resolves.toHaveProperty(
      'status',
      200,
    );
    const records = await recordsOf(suite.gateway);
    expect(records.length).toBeGreaterThan(FIXTURE_RECORDS.length);
    expect(suite.gateway.writer.stats()).toMatchObject({
      buffered: 0,
      dropped: 0,
      failedAttempts: 0,
    });
    expect(rejections.spy).not.toHaveBeenCalled();
  });
});
