import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { startGateway } from '../support/gateway-app';
import {
  eventually,
  RealtimeTestClient,
  sessionRecords,
  startRealtimeSuite,
  type RealtimeSuite,
} from '../support/realtime-suite';
import { recordsOf } from '../support/records';
import { testDatabases } from '../support/test-databases';

/** What a client gets when its upgrade is not accepted: status, headers and body. */
function refusal(
  url: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => reject(new Error('the upgrade was accepted')));
    socket.on('error', () => undefined);
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
      );
    });
  });
}

describe('Realtime forwarding', () => {
  let suite: RealtimeSuite;

  beforeAll(async () => {
    suite = await startRealtimeSuite({
      // Far shorter than the sessions below: none of them may cut a session.
      requestTimeoutMs: 300,
      keepAliveTimeoutMs: 200,
    });
  });
  afterAll(() => suite.close());

  it('forwards path, query and headers, subprotocols included, and returns the 101 with X-Request-Id', async () => {
    const client = await RealtimeTestClient.open(
      `${suite.wsUrl}/v1/realtime?model=gpt-realtime&x=1`,
      {
        headers: {
          Authorization: 'Bearer sk-forward',
          'OpenAI-Beta': 'realtime=v1',
          'X-Request-Id': 'rt-forward',
        },
      },
    );
    const backendSide = suite.backend.connections.at(-1);
    expect(backendSide?.url).toBe('/v1/realtime?model=gpt-realtime&x=1');
    expect(backendSide?.headers).toMatchObject({
      authorization: 'Bearer sk-forward',
      'openai-beta': 'realtime=v1',
      'x-request-id': 'rt-forward',
    });
    expect(client.upgrade?.statusCode).toBe(101);
    expect(client.upgrade?.headers['x-request-id']).toBe('rt-forward');
    client.socket.close();
  });

  it("passes the browser's subprotocols through and returns the one the backend chose", async () => {
    const protocols = ['realtime', 'openai-insecure-api-key.sk-browser'];
    const socket = new WebSocket(
      `${suite.wsUrl}/v1/realtime?model=m`,
      protocols,
    );
    const client = new RealtimeTestClient(socket);
    await new Promise((resolve) => socket.once('open', resolve));
    expect(
      suite.backend.connections.at(-1)?.headers['sec-websocket-protocol'],
    ).toBe('realtime,openai-insecure-api-key.sk-browser');
    expect(socket.protocol).toBe('realtime');
    expect(client.upgrade?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    socket.close();
  });

  it('replaces an invalid X-Request-Id with a new one', async () => {
    const client = await RealtimeTestClient.open(`${suite.wsUrl}/v1/realtime`, {
      headers: { 'X-Request-Id': 'bad id with spaces' },
    });
    expect(client.upgrade?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    client.socket.close();
  });

  it("passes a refused upgrade through with the backend's status, headers and body", async () => {
    const answer = await refusal(
      `${suite.wsUrl}/v1/realtime?model=gpt-realtime`,
      {
        'x-fake-refuse': '401',
        'x-request-id': 'rt-refused',
      },
    );
    expect(answer.status).toBe(401);
    expect(answer.headers['x-fake']).toBe('refused');
    expect(answer.headers['x-request-id']).toBe('rt-refused');
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { message: 'refused by the fake' },
    });
    const [record] = await sessionRecords(suite.gateway, 'rt-refused', 1);
    expect(record).toMatchObject({
      endpoint: 'realtime',
      model: 'gpt-realtime',
      success: false,
      statusCode: 401,
      errorType: 'authentication',
    });
    await expect(
      refusal(`${suite.wsUrl}/v1/realtime`, { 'x-fake-refuse': '404' }),
    ).resolves.toMatchObject({ status: 404 });
  });

  it('answers 404 itself for a path outside /v1/', async () => {
    const answer = await refusal(`${suite.wsUrl}/realtime`);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { type: 'invalid_request_error' },
    });
  });

  it('keeps binary and text messages, large and small, in order both ways', async () => {
    const client = await RealtimeTestClient.open(`${suite.wsUrl}/v1/realtime`);
    await client.waitFor('session.created');
    const sent: (Buffer | string)[] = [];
    for (let i = 0; i < 20; i++) {
      const audio = Buffer.alloc(i % 2 ? 300_000 : 17, i);
      const text = JSON.stringify({ type: 'echo', index: i });
      client.socket.send(audio, { binary: true });
      client.socket.send(text);
      sent.push(audio, text);
    }
    await eventually(() => client.messages.length === 1 + sent.length, 10_000);
    const echoed = client.messages.slice(1);
    echoed.forEach((message, i) => {
      const expected = sent[i];
      expect(message.binary).toBe(Buffer.isBuffer(expected));
      expect(message.data.equals(Buffer.from(expected))).toBe(true);
    });
    const backendSide = suite.backend.connections.at(-1);
    expect(backendSide?.binary).toHaveLength(20);
    client.socket.close();
  });

  it('keeps a quiet session open past every HTTP timeout', async () => {
    const client = await RealtimeTestClient.open(`${suite.wsUrl}/v1/realtime`, {
      headers: { 'x-request-id': 'rt-quiet' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    client.send({ type: 'response.create', response: {} });
    await client.waitFor('response.done');
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.socket.close();
    await expect(
      sessionRecords(suite.gateway, 'rt-quiet', 1),
    ).resolves.toHaveLength(1);
  });

  it('forwards WebSockets on other /v1/ paths without recording them', async () => {
    const client = await RealtimeTestClient.open(
      `${suite.wsUrl}/v1/other?model=x`,
      {
        headers: { 'x-request-id': 'rt-other' },
      },
    );
    client.send({ type: 'response.create', response: {} });
    await client.waitFor('response.done');
    client.socket.close();
    await client.closed;
    const records = await recordsOf(suite.gateway);
    expect(records.filter((r) => r.requestId === 'rt-other')).toEqual([]);
  });
});

describe('Realtime forwarding to an unreachable backend', () => {
  it('answers 502 and records backend_unreachable', async () => {
    const database = await testDatabases()[0][1]();
    const gateway = await startGateway(
      { backendUrl: 'http://127.0.0.1:9' },
      { url: database.url },
    );
    try {
      const answer = await refusal(
        `${gateway.url.replace('http', 'ws')}/v1/realtime?model=m`,
        { 'x-request-id': 'rt-unreachable' },
      );
      expect(answer.status).toBe(502);
      expect(JSON.parse(answer.body)).toMatchObject({
        error: { type: 'backend_unreachable', code: 'ECONNREFUSED' },
      });
      const [record] = await sessionRecords(gateway, 'rt-unreachable', 1);
      expect(record).toMatchObject({
        endpoint: 'realtime',
        statusCode: 502,
        errorType: 'backend_unreachable',
      });
    } finally {
      await gateway.close();
      await database.drop();
    }
  });
});
