import { randomBytes } from 'node:crypto';
import type OpenAI from 'openai';
import {
  fakeHeaders,
  type CapturedRequest,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import type { RunningGateway } from '../support/gateway-app';
import { useGatewaySuite } from '../support/gateway-suite-hooks';
import { rawRequest, type RawRequest } from '../support/raw-http';
import { recordFor, recordsOf } from '../support/records';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MESSAGES: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: 'user', content: 'Say hello.' },
];
/** Valid JSON that a re-serialisation would change: spacing, escapes, key order. */
const ODD_CHAT_BODY = Buffer.from(
  '{ "stream" :true ,\t"stream_options" : {"include_usage":true},\r\n' +
    ' "messages":[{"content":"h\\u00e9llo \\ud83d\\udc4b","role":"user"}],' +
    ' "model":"m\\u00e9", "n": 1.0e0 }\n',
);

/** A captured request in a form that compares whole. */
const onTheWire = (captured: CapturedRequest) => ({
  method: captured.method,
  url: captured.url,
  headers: captured.headers,
  body: captured.body.toString('base64'),
});

describe('gateway: transparency of requests', () => {
  let backend: FakeBackend;
  let gateway: RunningGateway;
  let client: OpenAI;

  useGatewaySuite((suite) => ({ backend, gateway, client } = suite));

  /** What the backend receives of a request sent to it directly, then through the gateway. */
  async function directAndProxied(request: RawRequest) {
    await rawRequest(backend.url, request);
    await rawRequest(gateway.url, request);
    expect(backend.requests).toHaveLength(2);
    // Connection is hop-by-hop: it describes the client's connection, not the backend's.
    const [direct, proxied] = backend.requests.map(onTheWire);
    expect(proxied.headers.connection).toBeUndefined();
    const directHeaders = { ...direct.headers };
    delete directHeaders.connection;
    return [{ ...direct, headers: directHeaders }, proxied];
  }

  it('forwards a recorded request byte for byte', async () => {
    const [direct, proxied] = await directAndProxied({
      method: 'POST',
      path: '/v1/chat/completions?x=1&y=%20',
      headers: {
        authorization: 'Bearer sk-odd',
        'content-type': 'application/json; charset=utf-8',
        'X-Custom': 'odd ; value=1',
        'x-multi': ['a', 'b'],
        'x-request-id': 'transparent-chat',
        ...fakeHeaders({ scenario: 'echo' }),
      },
      body: ODD_CHAT_BODY,
    });
    expect(proxied.body).toBe(ODD_CHAT_BODY.toString('base64'));
    // A stream must reach the gateway uncompressed to be watched.
    expect(proxied).toEqual({
      ...direct,
      headers: { ...direct.headers, 'accept-encoding': 'identity' },
    });
    expect(direct.headers['x-multi']).toBe('a, b');
  });

  it.each<[string, RawRequest]>([
    [
      'a binary upload to a path that is not recorded',
      {
        method: 'PUT',
        path: '/v1/files/abc',
        headers: {
          authorization: 'Bearer sk-odd',
          'accept-encoding': 'gzip, br',
          'content-type': 'application/octet-stream',
          'x-request-id': 'transparent-put',
          ...fakeHeaders({ scenario: 'echo' }),
        },
        body: Buffer.concat([
          Buffer.from([0, 0xff, 0xfe, 0x0a]),
          randomBytes(64),
        ]),
      },
    ],
    ...(['DELETE', 'OPTIONS'] as const).map<[string, RawRequest]>((method) => [
      `${method} with a chunked body`,
      {
        method,
        path: '/v1/files/abc',
        headers: {
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
          'x-request-id': `transparent-${method.toLowerCase()}`,
          ...fakeHeaders({ scenario: 'echo' }),
        },
        body: Buffer.from('{"reason":"chunked"}'),
      },
    ]),
    [
      'a DELETE without a body',
      {
        method: 'DELETE',
        path: '/v1/models/ft-abc',
        headers: {
          authorization: 'Bearer sk-odd',
          ...fakeHeaders({ scenario: 'echo' }),
        },
      },
    ],
    [
      'a GET with a query string',
      {
        method: 'GET',
        path: '/v1/models?limit=2&after=a%2Fb&q=%C3%A9+x',
        headers: { 'x-custom': 'v', ...fakeHeaders({ scenario: 'echo' }) },
      },
    ],
  ])('forwards %s unchanged', async (_, request) => {
    const [direct, proxied] = await directAndProxied(request);
    expect(proxied.body).toBe(
      (request.body ?? Buffer.alloc(0)).toString('base64'),
    );
    const { 'x-request-id': generated, ...proxiedHeaders } = proxied.headers;
    const { 'x-request-id': given, ...directHeaders } = direct.headers;
    expect(generated).toEqual(given ?? expect.stringMatching(UUID));
    expect({ ...proxied, headers: proxiedHeaders }).toEqual({
      ...direct,
      headers: directHeaders,
    });
  });

  it('forwards, returns and stores a valid client X-Request-Id', async () => {
    const requestId = 'client-trace.42:abc/def';
    const { response } = await client.chat.completions
      .create(
        { model: 'm', messages: MESSAGES },
        { headers: { 'x-request-id': requestId } },
      )
      .withResponse();
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(backend.requests[0].headers['x-request-id']).toBe(requestId);
    await expect(recordFor(gateway, requestId)).resolves.toMatchObject({
      success: true,
    });
  });

  it.each([
    ['too long', 'x'.repeat(300)],
    ['with spaces', 'has spaces in it'],
  ])('replaces an X-Request-Id that is %s', async (_, invalid) => {
    const { response } = await client.chat.completions
      .create(
        { model: 'm', messages: MESSAGES },
        { headers: { 'x-request-id': invalid } },
      )
      .withResponse();
    const replaced = response.headers.get('x-request-id') as string;
    expect(replaced).toMatch(UUID);
    expect(backend.requests[0].headers['x-request-id']).toBe(replaced);
    await expect(recordFor(gateway, replaced)).resolves.toMatchObject({
      success: true,
    });
    const stored = (await recordsOf(gateway)).map((r) => r.requestId);
    expect(stored).not.toContain(invalid);
  });
});
