import OpenAI from 'openai';
import {
  chatContent,
  collect,
  waitFor,
} from '../fixtures/fake-openai-client-helpers';
import {
  fakeHeaders,
  fakeReplyText,
  type FakeBackend,
  type FakeHeaderOptions,
} from '../fixtures/fake-openai-backend';
import { startGateway, type RunningGateway } from '../support/gateway-app';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import { closedPort } from '../support/raw-http';
import { recordFor, recordsOf } from '../support/records';
import { testDatabases } from '../support/test-databases';

const SECRET_KEY = 'sk-e2e-secret-key-4f1d9c';
const SECRET_PROMPT = 'the vault code is 7781-4412';
const MESSAGES: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: 'user', content: SECRET_PROMPT },
];
const IDLE_TIMEOUT_MS = 300;
const MAX_BODY_BYTES = 2048;

/** Backend status, the recorded error type, and the code the fake puts in its body. */
const STATUSES: [number, string, string][] = [
  [400, 'invalid_request', 'invalid_request_error'],
  [401, 'authentication', 'invalid_api_key'],
  [403, 'authentication', 'unsupported_country_region_territory'],
  [404, 'invalid_request', 'model_not_found'],
  [409, 'invalid_request', 'conflict'],
  [413, 'invalid_request', 'request_too_large'],
  [422, 'invalid_request', 'unprocessable_entity'],
  [429, 'rate_limit', 'rate_limit_exceeded'],
  [500, 'backend_error', 'server_error'],
  [503, 'backend_error', 'service_unavailable'],
];

/** A chat request with fetch, for answers the openai client would not show as they are. */
function postChat(
  baseUrl: string,
  requestId: string,
  fake: FakeHeaderOptions = {},
): Promise<Response> {
  return fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${SECRET_KEY}`,
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...fakeHeaders(fake),
    },
    body: JSON.stringify({ model: 'm', messages: MESSAGES }),
  });
}

describe('gateway: errors', () => {
  let suite: GatewaySuite;
  let backend: FakeBackend;
  let gateway: RunningGateway;
  let client: OpenAI;

  const options = (requestId: string, fake: FakeHeaderOptions) => ({
    headers: { ...fakeHeaders(fake), 'x-request-id': requestId },
  });
  const chat = (requestId: string, fake: FakeHeaderOptions) =>
    client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: MESSAGES },
      options(requestId, fake),
    );
  const chatStream = (requestId: string, fake: FakeHeaderOptions) =>
    client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: MESSAGES, stream: true },
      options(requestId, fake),
    );

  beforeAll(async () => {
    suite = await startGatewaySuite(
      {
        upstreamIdleTimeoutMs: IDLE_TIMEOUT_MS,
        maxBodyBytes: MAX_BODY_BYTES,
      },
      SECRET_KEY,
    );
    ({ backend, gateway, client } = suite);
  });

  afterAll(() => suite.close());

  beforeEach(() => backend.reset());

  it.each(STATUSES)(
    'relays a backend %i and records it as %s',
    async (status, errorType, code) => {
      const requestId = `status-${status}`;
      const error: unknown = await chat(requestId, {
        scenario: 'error',
        status,
      }).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error).toMatchObject({
        status,
        message: `${status} Fake backend error with status ${status}`,
      });
      await expect(recordFor(gateway, requestId)).resolves.toMatchObject({
        success: false,
        statusCode: status,
        errorType,
        errorMessage: `${code}: Fake backend error with status ${status}`,
        // An error answer delivered no tokens.
        timeToFirstTokenMs: null,
        timeToLastTokenMs: null,
      });
    },
  );

  it('passes an unparseable 200 body through unchanged and records invalid_response', async () => {
    const response = await postChat(gateway.url, 'invalid-json', {
      scenario: 'invalid-json',
    });
    expect(response.status).toBe(200);
    await expect(response.text()).resolves.toBe(
      '{"id": "chatcmpl-broken", "choices": [oops',
    );
    await expect(recordFor(gateway, 'invalid-json')).resolves.toMatchObject({
      success: false,
      statusCode: 200,
      errorType: 'invalid_response',
    });
  });

  it('breaks the client stream when the backend drops it, and records stream_interrupted', async () => {
    const stream = await chatStream('dropped-stream', {
      scenario: 'drop-mid-stream',
      dropAfter: 3,
    });
    await expect(collect(stream)).rejects.toThrow();
    await expect(recordFor(gateway, 'dropped-stream')).resolves.toMatchObject({
      success: false,
      isStreaming: true,
      statusCode: 200,
      errorType: 'stream_interrupted',
    });
  });

  it('breaks a JSON answer cut in half, and records stream_interrupted', async () => {
    await expect(
      chat('dropped-json', { scenario: 'drop-mid-stream' }),
    ).rejects.toThrow();
    await expect(recordFor(gateway, 'dropped-json')).resolves.toMatchObject({
      success: false,
      isStreaming: false,
      errorType: 'stream_interrupted',
    });
  });

  it('answers 502 in the OpenAI error shape when the backend is down', async () => {
    const downDatabase = await testDatabases()[0][1]();
    const down = await startGateway(
      { backendUrl: `http://127.0.0.1:${await closedPort()}` },
      { url: downDatabase.url },
    );
    try {
      const response = await postChat(down.url, 'backend-down');
      expect(response.status).toBe(502);
      expect(response.headers.get('x-request-id')).toBe('backend-down');
      await expect(response.json()).resolves.toEqual({
        error: {
          message: expect.stringContaining('ECONNREFUSED') as string,
          type: 'backend_unreachable',
          param: null,
          code: 'ECONNREFUSED',
        },
      });
      await expect(recordFor(down, 'backend-down')).resolves.toMatchObject({
        success: false,
        statusCode: 502,
        errorType: 'backend_unreachable',
        timeToFirstTokenMs: null,
      });
    } finally {
      await down.close();
      await downDatabase.drop();
    }
  });

  it('answers 504 when the backend stays silent for the idle timeout', async () => {
    const started = performance.now();
    const response = await postChat(gateway.url, 'hang', { scenario: 'hang' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(
      IDLE_TIMEOUT_MS - 20,
    );
    expect(response.status).toBe(504);
    await expect(response.json()).resolves.toMatchObject({
      error: { type: 'timeout', code: 'timeout' },
    });
    await expect(recordFor(gateway, 'hang')).resolves.toMatchObject({
      success: false,
      statusCode: 504,
      errorType: 'timeout',
    });
    await waitFor(() => backend.requests[0].aborted, 1_000);
  });

  it('does not cut a stream that keeps sending for longer than the idle timeout', async () => {
    const stream = await chatStream('slow-stream', { chunks: 6, delayMs: 150 });
    expect(chatContent(await collect(stream))).toBe(fakeReplyText(6));
    const record = await recordFor(gateway, 'slow-stream');
    expect(record).toMatchObject({ success: true, completionTokens: 6 });
    expect(record.responseTimeMs).toBeGreaterThan(3 * IDLE_TIMEOUT_MS);
  });

  it('cuts a stream that falls silent after it started, and records timeout', async () => {
    const stream = await chatStream('silent-stream', {
      chunks: 2,
      delayMs: 2 * IDLE_TIMEOUT_MS,
    });
    await expect(collect(stream)).rejects.toThrow();
    await expect(recordFor(gateway, 'silent-stream')).resolves.toMatchObject({
      success: false,
      statusCode: 200,
      errorType: 'timeout',
      errorMessage: `the backend sent nothing for ${IDLE_TIMEOUT_MS} ms`,
    });
  });

  it.each([
    ['a declared length', (body: string) => body],
    ['a chunked body', (body: string) => new Blob([body]).stream()],
  ])(
    'refuses a body over the limit with %s as 413 without asking the backend',
    async (kind, toBody) => {
      const requestId = `too-large-${kind.replace(/\W/g, '-')}`;
      const padding = 'x'.repeat(2 * MAX_BODY_BYTES);
      const body = JSON.stringify({ model: 'm', messages: MESSAGES, padding });
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'x-request-id': requestId },
        body: toBody(body),
        duplex: 'half',
      });
      expect(response.status).toBe(413);
      await expect(response.json()).resolves.toMatchObject({
        error: {
          type: 'invalid_request_error',
          code: 'request_too_large',
          message: expect.stringContaining(String(MAX_BODY_BYTES)) as string,
        },
      });
      await expect(recordFor(gateway, requestId)).resolves.toMatchObject({
        success: false,
        statusCode: 413,
        errorType: 'invalid_request',
      });
      expect(backend.requests).toHaveLength(0);
    },
  );

  it('stores neither the Authorization header nor message contents', async () => {
    await chat('secret-plain', {});
    await collect(await chatStream('secret-stream', { scenario: 'no-usage' }));
    await expect(
      chat('secret-error', { scenario: 'error', status: 401 }),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
    const records = await recordsOf(gateway);
    expect(records.length).toBeGreaterThanOrEqual(3);
    const stored = records.flatMap((record) =>
      Object.values(record).filter(
        (value): value is string => typeof value === 'string',
      ),
    );
    expect(stored).toContain('secret-stream');
    for (const secret of [SECRET_KEY, SECRET_PROMPT, '7781']) {
      expect(stored.filter((value) => value.includes(secret))).toEqual([]);
    }
  });
});
