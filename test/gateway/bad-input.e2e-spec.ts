import type { FakeBackend } from '../fixtures/fake-openai-backend';
import type { RunningGateway } from '../support/gateway-app';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import { expectGatewayToSurviveEachTest } from '../support/gateway-survival';
import { rawRequest, type RawResponse } from '../support/raw-http';
import {
  openSocket,
  parseAnswer,
  readUntilClosed,
  requestHead,
} from '../support/raw-socket';
import { recordFor } from '../support/records';

const MAX_BODY_BYTES = 1024 * 1024;
const DEPTH = 100_000;
const NOT_PARSED = 'We could not parse the JSON body of your request.';

const bytes = (...parts: (string | number[] | Buffer)[]) =>
  Buffer.concat(
    parts.map((part) =>
      typeof part === 'string' ? Buffer.from(part) : Buffer.from(part),
    ),
  );
const nested = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;

describe('gateway: bad input', () => {
  let suite: GatewaySuite;
  let backend: FakeBackend;
  let gateway: RunningGateway;

  const post = (
    requestId: string,
    body: Buffer,
    headers: Record<string, string> = {},
  ): Promise<RawResponse> =>
    rawRequest(gateway.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...headers,
      },
      body,
    });

  beforeAll(async () => {
    suite = await startGatewaySuite({ maxBodyBytes: MAX_BODY_BYTES });
    ({ backend, gateway } = suite);
  });

  afterAll(() => suite.close());

  beforeEach(() => backend.reset());

  expectGatewayToSurviveEachTest(() => gateway);

  describe('malformed JSON', () => {
    it.each<[string, Buffer]>([
      ['a truncated object', bytes('{"model":"m","messages":[{"role":')],
      ['trailing garbage', bytes('{"model":"m","messages":[]} x')],
      ['single quotes', bytes("{'model':'m','messages':[]}")],
      ['plain text', bytes('Say hello.')],
      ['an empty body', bytes('')],
      ['a JSON array', bytes('[{"model":"m","messages":[]}]')],
      ['a streamed request cut short', bytes('{"stream":true,"model":"m",')],
      ['a hundred thousand open brackets', bytes('['.repeat(DEPTH))],
    ])(
      'forwards %s byte for byte and records the backend answer',
      async (kind, body) => {
        const requestId = `malformed-${kind.replace(/\W/g, '-')}`;
        const response = await post(requestId, body);
        expect(response.status).toBe(400);
        expect(JSON.parse(response.body.toString())).toMatchObject({
          error: { message: NOT_PARSED, type: 'invalid_request_error' },
        });
        expect(backend.requests).toHaveLength(1);
        expect(backend.requests[0].body.equals(body)).toBe(true);
        await expect(recordFor(gateway, requestId)).resolves.toMatchObject({
          model: null,
          messageCount: null,
          isStreaming: false,
          success: false,
          statusCode: 400,
          errorType: 'invalid_request',
        });
      },
    );
  });

  describe('invalid UTF-8', () => {
    it('forwards bytes inside JSON strings untouched and records the model as decoded', async () => {
      const body = bytes(
        '{"model":"m',
        [0xff, 0xfe],
        '","messages":[{"role":"user","content":"',
        [0xc3, 0x28, 0xed, 0xa0, 0x80],
        '"}]}',
      );
      const response = await post('utf8-strings', body);
      expect(response.status).toBe(200);
      expect(backend.requests[0].body.equals(body)).toBe(true);
      await expect(recordFor(gateway, 'utf8-strings')).resolves.toMatchObject({
        model: 'm\ufffd\ufffd',
        messageCount: 1,
        success: true,
      });
    });

    it('splices only the usage option into a streamed request', async () => {
      const body = bytes(
        '{"model":"m',
        [0xff],
        '","stream":true,"messages":[]}',
      );
      const response = await post('utf8-stream', body);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
      const spliced = bytes(
        '{"stream_options":{"include_usage":true},',
        body.subarray(1),
      );
      expect(backend.requests[0].body.equals(spliced)).toBe(true);
      await expect(recordFor(gateway, 'utf8-stream')).resolves.toMatchObject({
        model: 'm\ufffd',
        isStreaming: true,
        success: true,
        tokensEstimated: false,
      });
    });

    it('generates an id in place of an X-Request-Id with bytes outside ASCII', async () => {
      const body = bytes('{"model":"m","messages":[]}');
      const response = await post('ignored', body, {
        'x-request-id': 'id-\xff\xfe',
        'user-agent': 'cli\xe9nt/1.0 (\xff)',
      });
      expect(response.status).toBe(200);
      const requestId = response.headers['x-request-id'] as string;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      await expect(recordFor(gateway, requestId)).resolves.toMatchObject({
        origin: 'cli\u00e9nt/1.0',
        success: true,
      });
    });
  });

  describe('deeply nested JSON', () => {
    it('forwards a hundred thousand levels and records the answer', async () => {
      const body = bytes(`{"model":"m","messages":[${nested}]}`);
      const response = await post('nested', body);
      expect(response.status).toBe(200);
      expect(backend.requests[0].body.equals(body)).toBe(true);
      await expect(recordFor(gateway, 'nested')).resolves.toMatchObject({
        model: 'm',
        messageCount: 1,
        success: true,
      });
    });

    it('forwards a streamed request too deep to re-serialise as it came', async () => {
      const body = bytes(
        `{"model":"m","stream":true,"stream_options":{},"messages":[${nested}]}`,
      );
      const response = await post('nested-stream', body);
      expect(response.status).toBe(200);
      expect(response.body.toString()).toContain('data: [DONE]');
      expect(backend.requests[0].body.equals(body)).toBe(true);
      await expect(recordFor(gateway, 'nested-stream')).resolves.toMatchObject({
        model: 'm',
        isStreaming: true,
        success: true,
        tokensEstimated: true,
      });
    });
  });

  describe('oversized', () => {
    it('answers 413 to a declared length over the limit before the body arrives', async () => {
      const socket = await openSocket(gateway.url);
      socket.write(
        requestHead('POST', '/v1/chat/completions', {
          'Content-Length': String(MAX_BODY_BYTES + 1),
          'X-Request-Id': 'declared-too-large',
        }),
      );
      const answer = parseAnswer(await readUntilClosed(socket, 2_000));
      expect(answer).toEqual({
        status: 413,
        body: {
          error: expect.objectContaining({
            type: 'invalid_request_error',
            code: 'request_too_large',
          }) as unknown,
        },
      });
      await expect(
        recordFor(gateway, 'declared-too-large'),
      ).resolves.toMatchObject({
        statusCode: 413,
        errorType: 'invalid_request',
      });
      expect(backend.requests).toHaveLength(0);
    });

    it.each([
      ['one header of 17 KiB', { 'x-big': 'a'.repeat(17 * 1024) }],
      [
        'two hundred headers of 100 bytes',
        Object.fromEntries(
          Array.from({ length: 200 }, (_, i) => [`x-h${i}`, 'b'.repeat(100)]),
        ),
      ],
    ])('answers 431 to %s', async (_kind, headers) => {
      const response = await post('big-headers', bytes('{}'), headers);
      expect(response.status).toBe(431);
      expect(backend.requests).toHaveLength(0);
    });
  });
});
