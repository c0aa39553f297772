import { fakeHeaders, type FakeBackend } from '../fixtures/fake-openai-backend';
import type { RunningGateway } from '../support/gateway-app';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import { expectGatewayToSurviveEachTest } from '../support/gateway-survival';
import {
  openSocket,
  readUntilClosed,
  requestHead,
  trickle,
} from '../support/raw-socket';
import { recordFor } from '../support/records';

const REQUEST_TIMEOUT_MS = 1_500;
/** Both idle timeouts well above the deadline: only the deadline can cut these requests. */
const IDLE_TIMEOUT_MS = 10_000;
/**
 * How late a cut may come: four times the deadline, still well before the idle timeouts or
 * the end of the trickle (20 s and more), so a loaded machine cannot turn it red.
 */
const LATEST_CUT_MS = 4 * REQUEST_TIMEOUT_MS;
const CHAT = JSON.stringify({
  model: 'm',
  messages: [{ role: 'user', content: 'x'.repeat(200) }],
});

describe('gateway: whole-request deadline (REQUEST_TIMEOUT_MS)', () => {
  let suite: GatewaySuite;
  let backend: FakeBackend;
  let gateway: RunningGateway;

  beforeAll(async () => {
    suite = await startGatewaySuite({
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      requestBodyTimeoutMs: IDLE_TIMEOUT_MS,
      upstreamIdleTimeoutMs: IDLE_TIMEOUT_MS,
    });
    ({ backend, gateway } = suite);
  });

  afterAll(() => suite.close());

  beforeEach(() => backend.reset());

  expectGatewayToSurviveEachTest(() => gateway);

  /** Sends the head, then a byte every 100 ms: never idle, never done in time. */
  async function trickled(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string,
  ) {
    const started = performance.now();
    const socket = await openSocket(gateway.url);
    socket.write(requestHead(method, path, headers));
    trickle(socket, Buffer.from(body), 100);
    const answer = await readUntilClosed(socket, LATEST_CUT_MS + 1_000);
    return { answer, elapsedMs: performance.now() - started };
  }

  it('answers 408 to an inference request whose body trickles past it, and records it', async () => {
    const { answer, elapsedMs } = await trickled(
      'POST',
      '/v1/chat/completions',
      { 'Content-Length': String(CHAT.length), 'X-Request-Id': 'trickled' },
      CHAT,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(elapsedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 20);
    expect(elapsedMs).toBeLessThan(LATEST_CUT_MS);
    await expect(recordFor(gateway, 'trickled')).resolves.toMatchObject({
      success: false,
      errorType: 'client_disconnected',
    });
    expect(backend.requests).toHaveLength(0);
  });

  it('cuts a body streamed through to a route that is not recorded', async () => {
    const { answer, elapsedMs } = await trickled(
      'PUT',
      '/v1/files/trickled',
      {
        'Content-Length': '200',
        ...fakeHeaders({ scenario: 'echo' }),
      },
      'y'.repeat(200),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(elapsedMs).toBeLessThan(LATEST_CUT_MS);
  });

  it('lets a streamed answer run past it once the request is in', async () => {
    const started = performance.now();
    const stream = await suite.client.chat.completions.create(
      {
        model: 'm',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
      },
      { headers: fakeHeaders({ chunks: 20, delayMs: 120 }) },
    );
    let chunks = 0;
    for await (const chunk of stream) chunks += chunk.choices.length;
    expect(chunks).toBeGreaterThanOrEqual(20);
    expect(performance.now() - started).toBeGreaterThan(REQUEST_TIMEOUT_MS);
  });
});
