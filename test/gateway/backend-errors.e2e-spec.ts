import OpenAI from 'openai';
import { DatabaseConnector } from '@app/persistence';
import { collect } from '../fixtures/fake-openai-client-helpers';
import { startGateway, type RunningGateway } from '../support/gateway-app';
import { useGatewaySuite } from '../support/gateway-suite-hooks';
import { closedPort } from '../support/raw-http';
import { recordFor, recordsOf } from '../support/records';
import {
  postChat,
  secretChats,
  SECRET_KEY,
  SECRET_PROMPT,
} from '../support/secret-chat';
import { testDatabases } from '../support/test-databases';

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

describe('gateway: errors from the backend', () => {
  let gateway: RunningGateway;
  let client: OpenAI;
  const { chat, chatStream } = secretChats(() => client);

  useGatewaySuite((suite) => ({ gateway, client } = suite), {}, SECRET_KEY);

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
    // The key is recorded as its fingerprint only, in the records and in their tags.
    expect(records.every((r) => /^[0-9a-f]{16}$/.test(r.apiKeyId ?? ''))).toBe(
      true,
    );
    const db = await gateway.app.get(DatabaseConnector).get();
    const tags = await db.query<{ name: string; value: string }[]>(
      'SELECT name, value FROM request_tags',
    );
    stored.push(...tags.flatMap((tag) => [tag.name, tag.value]));
    for (const secret of [SECRET_KEY, SECRET_PROMPT, '7781']) {
      expect(stored.filter((value) => value.includes(secret))).toEqual([]);
    }
  });
});
