import type { FakeBackend } from '../fixtures/fake-openai-backend';
import type { RunningGateway } from '../support/gateway-app';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import { rawRequestWithin } from '../support/raw-http';

describe('gateway: answers it gives itself', () => {
  let suite: GatewaySuite;
  let backend: FakeBackend;
  let gateway: RunningGateway;

  beforeAll(async () => {
    suite = await startGatewaySuite();
    ({ backend, gateway } = suite);
  });

  afterAll(() => suite.close());

  beforeEach(() => backend.reset());

  it.each([
    ['a /v1/ path whose escapes do not decode', 'POST', '/v1/%zz', 400],
    [
      'a recorded path with a bad escape',
      'POST',
      '/v1/chat/completions%ff',
      400,
    ],
    ['a path outside /v1/', 'POST', '/chat/completions', 404],
    ['a method /health does not serve', 'DELETE', '/health', 404],
  ])(
    'answers %s in the OpenAI error shape',
    async (_kind, method, path, status) => {
      const response = await rawRequestWithin(
        gateway.url,
        { method, path, body: Buffer.from('{}') },
        2_000,
      );
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toBe('application/json');
      expect(JSON.parse(response.body.toString())).toEqual({
        error: {
          message: expect.any(String) as string,
          type: 'invalid_request_error',
          param: null,
          code: status === 400 ? 'bad_request' : 'not_found',
        },
      });
      expect(backend.requests).toHaveLength(0);
    },
  );
});
