import { waitFor } from '../fixtures/fake-openai-client-helpers';
import { fakeHeaders, type FakeBackend } from '../fixtures/fake-openai-backend';
import type { RunningGateway } from '../support/gateway-app';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import { expectGatewayToSurviveEachTest } from '../support/gateway-survival';
import { rawRequestWithin } from '../support/raw-http';
import {
  openSocket,
  parseAnswer,
  readUntilClosed,
  requestHead,
  trickle,
} from '../support/raw-socket';
import { recordFor } from '../support/records';

// Timeouts four times the pauses they must not trip on, and a quarter of the pauses they
// must: a loaded machine delays timers by hundreds of milliseconds, not by seconds.
const BODY_TIMEOUT_MS = 1_000;
const UPSTREAM_IDLE_TIMEOUT_MS = 1_000;
const SHORT_PAUSE_MS = 250;
const LONG_PAUSE_MS = 5_000;
const CHAT = '{"model":"m","messages":[{"role":"user","content":"Hi"}]}';
const UPSTREAM_TIMEOUT = {
  error: {
    message: `the backend sent nothing for ${UPSTREAM_IDLE_TIMEOUT_MS} ms`,
    type: 'timeout',
    param: null,
    code: 'timeout',
  },
};

describe('gateway: slow clients', () => {
  let suite: GatewaySuite;
  let backend: FakeBackend;
  let gateway: RunningGateway;

  /** Sends a request's head and the first bytes of its body; the caller trickles the rest. */
  async function startRequest(
    method: string,
    path: string,
    headers: Record<string, string>,
    firstBytes = '',
  ) {
    const socket = await openSocket(gateway.url);
    socket.write(requestHead(method, path, headers) + firstBytes);
    return socket;
  }

  beforeAll(async () => {
    suite = await startGatewaySuite({
      requestBodyTimeoutMs: BODY_TIMEOUT_MS,
      upstreamIdleTimeoutMs: UPSTREAM_IDLE_TIMEOUT_MS,
    });
    ({ backend, gateway } = suite);
  });

  afterAll(() => suite.close());

  beforeEach(() => backend.reset());

  expectGatewayToSurviveEachTest(() => gateway);

  it('answers 408 and closes the connection when a recorded body trickles in one byte a second', async () => {
    const started = performance.now();
    const socket = await startRequest(
      'POST',
      '/v1/chat/completions',
      { 'Content-Length': String(CHAT.length), 'X-Request-Id': 'slow-loris' },
      CHAT[0],
    );
    trickle(socket, Buffer.from(CHAT.slice(1)), LONG_PAUSE_MS);
    const answer = parseAnswer(
      await readUntilClosed(socket, 2 * LONG_PAUSE_MS),
    );
    const elapsed = performance.now() - started;
    expect(answer).toEqual({
      status: 408,
      body: {
        error: {
          message: `the client sent nothing of its request body for ${BODY_TIMEOUT_MS} ms`,
          type: 'invalid_request_error',
          param: null,
          code: 'request_timeout',
        },
      },
    });
    expect(elapsed).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 20);
    // Cut by the first pause, not at the end of the trickle.
    expect(elapsed).toBeLessThan(4 * BODY_TIMEOUT_MS);
    await expect(recordFor(gateway, 'slow-loris')).resolves.toMatchObject({
      success: false,
      statusCode: 408,
      errorType: 'client_disconnected',
    });
    expect(backend.requests).toHaveLength(0);
  });

  it('reads a body that keeps coming faster than the idle timeout to the end', async () => {
    const socket = await startRequest('POST', '/v1/chat/completions', {
      'Content-Length': String(CHAT.length),
      Connection: 'close',
      'X-Request-Id': 'slow-upload',
    });
    // Ten pieces: the body takes longer than the timeout twice over, no pause trips it.
    trickle(
      socket,
      Buffer.from(CHAT),
      SHORT_PAUSE_MS,
      Math.ceil(CHAT.length / 10),
    );
    await expect(readUntilClosed(socket, 10_000)).resolves.toMatch(
      /^HTTP\/1\.1 200 /,
    );
    const record = await recordFor(gateway, 'slow-upload');
    expect(record).toMatchObject({ success: true, model: 'm' });
    expect(record.responseTimeMs).toBeGreaterThan(2 * BODY_TIMEOUT_MS);
    expect(backend.requests[0].body.toString()).toBe(CHAT);
  });

  it('answers 504 when a body streamed to a route that is not recorded stalls past the upstream idle timeout', async () => {
    const started = performance.now();
    const socket = await startRequest(
      'PUT',
      '/v1/files/slow',
      {
        'Content-Length': '32',
        Connection: 'close',
        ...fakeHeaders({ scenario: 'echo' }),
      },
      'x',
    );
    trickle(socket, Buffer.alloc(31, 'x'), LONG_PAUSE_MS);
    const answer = parseAnswer(
      await readUntilClosed(socket, 2 * LONG_PAUSE_MS),
    );
    expect(answer).toEqual({ status: 504, body: UPSTREAM_TIMEOUT });
    // Cut by the first pause, not at the end of the trickle.
    expect(performance.now() - started).toBeLessThan(
      4 * UPSTREAM_IDLE_TIMEOUT_MS,
    );
  });

  it('records a client that goes away halfway through its body', async () => {
    const socket = await startRequest(
      'POST',
      '/v1/chat/completions',
      {
        'Content-Length': String(CHAT.length),
        'X-Request-Id': 'gone-mid-body',
      },
      CHAT.slice(0, 10),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await expect(recordFor(gateway, 'gone-mid-body')).resolves.toMatchObject({
      success: false,
      statusCode: null,
      errorType: 'client_disconnected',
    });
    expect(backend.requests).toHaveLength(0);
  });

  describe('with Expect: 100-continue', () => {
    it('still cuts a recorded request whose backend never answers', async () => {
      const answer = await rawRequestWithin(
        gateway.url,
        {
          method: 'POST',
          path: '/v1/chat/completions',
          headers: {
            expect: '100-continue',
            'x-request-id': 'expect-hang',
            ...fakeHeaders({ scenario: 'hang' }),
          },
          body: Buffer.from(CHAT),
        },
        4 * UPSTREAM_IDLE_TIMEOUT_MS,
      );
      expect(answer.status).toBe(504);
      expect(JSON.parse(answer.body.toString())).toEqual(UPSTREAM_TIMEOUT);
      await expect(recordFor(gateway, 'expect-hang')).resolves.toMatchObject({
        statusCode: 504,
        errorType: 'timeout',
      });
      await waitFor(() => backend.requests[0].aborted, 1_000);
    });

    it('still cuts a body streamed through that stalls', async () => {
      const socket = await startRequest(
        'PUT',
        '/v1/files/stalled',
        { 'Content-Length': '32', Expect: '100-continue', Connection: 'close' },
        'x'.repeat(16),
      );
      const answer = parseAnswer(
        await readUntilClosed(socket, 4 * UPSTREAM_IDLE_TIMEOUT_MS),
      );
      expect(answer).toEqual({ status: 504, body: UPSTREAM_TIMEOUT });
      expect(backend.requests[0].headers.expect).toBeUndefined();
    });
  });
});
