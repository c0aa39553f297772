import type { RequestRecordEntity } from '@app/persistence';
import { FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { rawRequestWithin, type RawRequest } from '../support/raw-http';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import {
  startMetricsApp,
  type RunningMetricsApp,
} from '../support/metrics-app';
import { recordsOf } from '../support/records';
import { waitFor } from '../support/wait-for';
import {
  spyOnUnhandledRejections,
  type UnhandledRejectionSpy,
} from '../support/unhandled-rejections';
import { answerProblems, inPool, type FuzzedApp } from './fuzz-client';
import {
  forwardedBodyProblems,
  isInference,
  recordProblems,
  type FuzzExchange,
} from './fuzz-records';
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
/** Each run of answers takes 30 to 60 s on a loaded machine: room for four times that. */
const ANSWERS_TIMEOUT_MS = 240_000;
const TOKEN = 'fuzz-metrics-token-0123456789';

/** Sends every request; returns one line per problem, naming the request, and the answers. */
async function fuzz(
  app: FuzzedApp,
  baseUrl: string,
  requests: RawRequest[],
): Promise<{ problems: string[]; exchanges: FuzzExchange[] }> {
  const problems: string[] = [];
  const exchanges: FuzzExchange[] = [];
  await inPool(requests, CONCURRENCY, async (request, index) => {
    const name = `#${index} ${request.method} ${JSON.stringify(request.path.slice(0, 120))}`;
    const exchange: FuzzExchange = { name, request };
    exchanges[index] = exchange;
    try {
      const answer = await rawRequestWithin(
        baseUrl,
        request,
        ANSWER_TIMEOUT_MS,
      );
      exchange.answer = answer;
      const found = answerProblems(app, request, answer);
      const preview = answer.body.subarray(0, 200).toString();
      for (const problem of found) {
        problems.push(`${name} -> ${answer.status}: ${problem}; ${preview}`);
      }
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  });
  return { problems, exchanges };
}

/** The gateway's records of the fuzz, the known rows left out. */
async function fuzzRecords(
  suite: GatewaySuite,
): Promise<RequestRecordEntity[]> {
  const known = new Set(FIXTURE_RECORDS.map((r) => r.requestId));
  const records = await recordsOf(suite.gateway);
  return records.filter((r) => !known.has(r.requestId));
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

  let gatewayExchanges: FuzzExchange[] = [];

  it(
    `answers ${GATEWAY_REQUESTS} random and mutated requests to the gateway well-formed (seed ${SEED})`,
    async () => {
      const random = new Random(SEED);
      const requests = Array.from({ length: GATEWAY_REQUESTS }, () =>
        gatewayRequest(random),
      );
      const { problems, exchanges } = await fuzz(
        'gateway',
        suite.gateway.url,
        requests,
      );
      gatewayExchanges = exchanges;
      expect(problems).toEqual([]);
    },
    ANSWERS_TIMEOUT_MS,
  );

  it(`records each inference request it answered once, by its request id (seed ${SEED})`, async () => {
    const inference = gatewayExchanges.filter((e) => isInference(e.request));
    expect(inference.length).toBeGreaterThan(GATEWAY_REQUESTS / 3);
    // Requests cut by the client or a timeout are recorded when their close handlers run.
    await waitFor(
      async () =>
        recordProblems(gatewayExchanges, await fuzzRecords(suite)).length === 0,
      5_000,
    ).catch(() => undefined);
    const records = await fuzzRecords(suite);
    expect(recordProblems(gatewayExchanges, records)).toEqual([]);
    expect(records.length).toBeGreaterThan(GATEWAY_REQUESTS / 3);
  });

  it(`forwards each body it received as the bytes sent, each once (seed ${SEED})`, () => {
    const { problems, compared } = forwardedBodyProblems(
      gatewayExchanges,
      suite.backend.requests,
    );
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(GATEWAY_REQUESTS / 3);
  });

  it(
    `answers ${METRICS_REQUESTS} random requests to the metrics app without a server error (seed ${SEED})`,
    async () => {
      await suite.gateway.writer.flush();
      const random = new Random(SEED);
      const requests = Array.from({ length: METRICS_REQUESTS }, () =>
        metricsRequest(random, TOKEN),
      );
      const { problems } = await fuzz('metrics', metrics.url, requests);
      expect(problems).toEqual([]);
    },
    ANSWERS_TIMEOUT_MS,
  );

  it('leaves both apps healthy, every record written, no rejection unhandled', async () => {
    await expect(fetch(`${suite.gateway.url}/health`)).resolves.toHaveProperty(
      'status',
      200,
    );
    await expect(fetch(`${metrics.url}/health`)).resolves.toHaveProperty(
      'status',
      200,
    );
    expect(suite.gateway.writer.stats()).toMatchObject({
      buffered: 0,
      dropped: 0,
      failedAttempts: 0,
    });
    expect(rejections.spy).not.toHaveBeenCalled();
  });
});
