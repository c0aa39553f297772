import type { FakeBackend } from '../fixtures/fake-openai-backend';
import { bytes, rawChatPoster } from '../support/chat-requests';
import type { RunningGateway } from '../support/gateway-app';
import { useGatewaySuite } from '../support/gateway-suite-hooks';
import { expectGatewayToSurviveEachTest } from '../support/gateway-survival';
import { recordFor } from '../support/records';

const DEPTH = 100_000;
const NOT_PARSED = 'We could not parse the JSON body of your request.';

describe('gateway: bad input, malformed', () => {
  let backend: FakeBackend;
  let gateway: RunningGateway;

  const post = rawChatPoster(() => gateway.url);

  useGatewaySuite((suite) => ({ backend, gateway } = suite));

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
});
