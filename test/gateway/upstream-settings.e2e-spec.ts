import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  fakeHeaders,
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import { startGateway, type RunningGateway } from '../support/gateway-app';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import { rawRequest } from '../support/raw-http';
import { recordFor } from '../support/records';
import { testDatabases, type TestDatabase } from '../support/test-databases';

const MAX_BODY_BYTES = 1_024;
const PREFIX = '/openai/api';

interface Echo {
  method: string;
  url: string;
  bodyBase64: string;
}

/** A backend with request ids of its own, as some servers and proxies have. */
async function startBackendWithOwnIds(): Promise<{
  server: Server;
  url: string;
}> {
  const server = createServer((_req, res) => {
    res.setHeader('x-request-id', 'backend-own-7');
    res.setHeader('content-type', 'application/json');
    res.end('{"object":"list","data":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

describe('gateway: BACKEND_URL and what passes through', () => {
  let backend: FakeBackend;
  let database: TestDatabase;
  let gateway: RunningGateway;

  beforeAll(async () => {
    backend = await startFakeBackend();
    database = await testDatabases()[0][1]();
    gateway = await startGateway(
      { backendUrl: `${backend.url}${PREFIX}`, maxBodyBytes: MAX_BODY_BYTES },
      { url: database.url },
    );
  });

  afterAll(async () => {
    await gateway.close();
    await backend.close();
    await database.drop();
  });

  const send = async (method: string, path: string, body?: Buffer) => {
    const answer = await rawRequest(gateway.url, {
      method,
      path,
      headers: {
        ...fakeHeaders({ scenario: 'echo' }),
        'x-request-id': 'given-1',
      },
      body,
    });
    return { ...answer, echo: JSON.parse(answer.body.toString()) as Echo };
  };

  it.each([
    ['GET', '/v1/models?limit=2'],
    ['POST', '/v1/chat/completions?api-version=1'],
  ])('keeps the path prefix of BACKEND_URL for %s %s', async (method, path) => {
    const body =
      method === 'POST'
        ? Buffer.from('{"model":"m","messages":[]}')
        : undefined;
    const { status, echo } = await send(method, path, body);
    expect(status).toBe(200);
    expect(echo.url).toBe(`${PREFIX}${path}`);
  });

  it.each([
    ['PUT', '/v1/files/upload'],
    ['POST', '/v1/files'],
  ])(
    'streams an upload to %s %s past MAX_REQUEST_BODY_BYTES through whole',
    async (method, path) => {
      const upload = randomBytes(256 * MAX_BODY_BYTES);
      const { status, echo } = await send(method, path, upload);
      expect(status).toBe(200);
      expect(Buffer.from(echo.bodyBase64, 'base64').equals(upload)).toBe(true);
    },
  );

  it('returns no X-Backend-Request-Id when the backend kept the id', async () => {
    const { headers } = await send('GET', '/v1/models');
    expect(headers['x-request-id']).toBe('given-1');
    expect(headers['x-backend-request-id']).toBeUndefined();
  });
});

describe('gateway: a backend with request ids of its own', () => {
  let backend: { server: Server; url: string };
  let database: TestDatabase;
  let gateway: RunningGateway;

  beforeAll(async () => {
    backend = await startBackendWithOwnIds();
    database = await testDatabases()[0][1]();
    gateway = await startGateway(
      { backendUrl: backend.url },
      { url: database.url },
    );
  });

  afterAll(async () => {
    await gateway.close();
    await new Promise((resolve) => backend.server.close(resolve));
    await database.drop();
  });

  it.each([
    ['GET', '/v1/models'],
    ['POST', '/v1/chat/completions'],
  ])(
    'returns the backend id of %s %s as X-Backend-Request-Id',
    async (method, path) => {
      const answer = await rawRequest(gateway.url, {
        method,
        path,
        headers: {
          'x-request-id': 'client-id-1',
          'content-type': 'application/json',
        },
        body:
          method === 'POST'
            ? Buffer.from('{"model":"m","messages":[]}')
            : undefined,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['x-request-id']).toBe('client-id-1');
      expect(answer.headers['x-backend-request-id']).toBe('backend-own-7');
    },
  );
});

describe('gateway: INJECT_STREAM_USAGE=false', () => {
  let suite: GatewaySuite;

  beforeAll(async () => {
    suite = await startGatewaySuite({ injectStreamUsage: false });
  }, 60_000);

  afterAll(() => suite.close());

  it('forwards a stream that did not ask for usage as sent, and estimates its tokens', async () => {
    const { gateway, backend } = suite;
    const body = Buffer.from(
      '{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}',
    );
    const answer = await rawRequest(gateway.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'no-inject',
      },
      body,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toContain('data: [DONE]');
    expect(backend.requests[0].body.equals(body)).toBe(true);
    await expect(recordFor(gateway, 'no-inject')).resolves.toMatchObject({
      success: true,
      isStreaming: true,
      tokensEstimated: true,
    });
  });
});
