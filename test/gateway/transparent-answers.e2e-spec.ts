import { gunzipSync, gzipSync } from 'node:zlib';
import type OpenAI from 'openai';
import { waitFor } from '../fixtures/fake-openai-client-helpers';
import { fakeHeaders, type FakeBackend } from '../fixtures/fake-openai-backend';
import type { RunningGateway } from '../support/gateway-app';
import { useGatewaySuite } from '../support/gateway-suite-hooks';
import { openRawRequest, rawRequest } from '../support/raw-http';
import {
  chunkFrames,
  openSocket,
  readUntilClosed,
  requestHead,
} from '../support/raw-socket';
import { recordFor } from '../support/records';

const MESSAGES: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: 'user', content: 'Say hello.' },
];

describe('gateway: transparency of answers', () => {
  let backend: FakeBackend;
  let gateway: RunningGateway;
  let client: OpenAI;

  useGatewaySuite((suite) => ({ backend, gateway, client } = suite));

  it('relays a gzip answer still compressed, byte for byte, and records its usage', async () => {
    const response = await rawRequest(gateway.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: {
        'accept-encoding': 'gzip',
        'content-type': 'application/json',
        'x-request-id': 'gzip-answer',
        ...fakeHeaders({ scenario: 'gzip', completionTokens: 9 }),
      },
      body: Buffer.from(JSON.stringify({ model: 'm', messages: MESSAGES })),
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['content-length']).toBe(
      String(response.body.length),
    );
    const json = gunzipSync(response.body).toString();
    // The fake compresses JSON.stringify output; zlib output is deterministic.
    expect(
      response.body.equals(gzipSync(JSON.stringify(JSON.parse(json)))),
    ).toBe(true);
    await expect(recordFor(gateway, 'gzip-answer')).resolves.toMatchObject({
      success: true,
      promptTokens: 10,
      completionTokens: 9,
      totalTokens: 19,
      tokensEstimated: false,
      finishReason: 'stop',
    });
  });

  it("answers an unknown path with the backend's 404, not the gateway's", async () => {
    const response = await fetch(`${gateway.url}/v1/does-not-exist`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(404);
    await expect(response.json()).resolves.toEqual({
      error: {
        message: 'Invalid URL (POST /v1/does-not-exist)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  it('passes each stream event on as it comes', async () => {
    const started = performance.now();
    const stream = await client.chat.completions.create(
      { model: 'm', messages: MESSAGES, stream: true },
      { headers: fakeHeaders({ chunks: 5, delayMs: 300 }) },
    );
    let firstContentAt: number | null = null;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) {
        firstContentAt ??= performance.now() - started;
      }
    }
    const total = performance.now() - started;
    expect(firstContentAt).not.toBeNull();
    expect(firstContentAt!).toBeLessThan(total / 2);
    expect(total - firstContentAt!).toBeGreaterThan(1_000);
  });

  it('relays the events that came in one read from the backend in one write, byte for byte', async () => {
    const body = JSON.stringify({
      model: 'm',
      messages: MESSAGES,
      stream: true,
      stream_options: { include_usage: true },
    });
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
      ...fakeHeaders({ scenario: 'burst', chunks: 40 }),
    };
    const frames = async (url: string) => {
      const socket = await openSocket(url);
      socket.write(requestHead('POST', '/v1/chat/completions', headers) + body);
      return chunkFrames(await readUntilClosed(socket, 5_000));
    };
    // Each answer has its own id and time.
    const same = (text: string) =>
      text.replace(/"id":"[^"]*"/g, '"id"').replace(/"created":\d+/g, '"c"');

    const direct = await frames(backend.url);
    const relayed = await frames(gateway.url);

    // The role chunk, 40 content chunks, the finish and usage chunks and [DONE].
    expect(direct).toHaveLength(44);
    expect(relayed.length).toBeLessThanOrEqual(2);
    expect(same(relayed.join(''))).toBe(same(direct.join('')));
  });

  // A raw request: after an abort, fetch opens a spare connection that sends nothing, and
  // the server only drops such a connection when its headers timeout (a minute) runs out.
  it('stops the backend stream when the client goes away', async () => {
    const { request, response } = await openRawRequest(gateway.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'client-abort',
        ...fakeHeaders({ chunks: 10, delayMs: 200 }),
      },
      body: Buffer.from(
        JSON.stringify({ model: 'm', messages: MESSAGES, stream: true }),
      ),
    });
    let received = '';
    let socketsWhileStreaming = 0;
    for await (const chunk of response) {
      received += (chunk as Buffer).toString();
      if (!/"content":"[^"]/.test(received)) continue;
      socketsWhileStreaming = backend.openSockets();
      request.destroy();
      break;
    }
    expect(socketsWhileStreaming).toBeGreaterThan(0);
    expect(received).not.toContain('[DONE]');
    await waitFor(() => backend.requests[0].aborted, 1_000);
    await waitFor(() => backend.openSockets() < socketsWhileStreaming, 1_000);
    await expect(recordFor(gateway, 'client-abort')).resolves.toMatchObject({
      success: false,
      isStreaming: true,
      errorType: 'client_disconnected',
    });
  });

  it('answers /health itself', async () => {
    const response = await fetch(`${gateway.url}/health`);
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toMatchObject({
      status: 'healthy',
      details: {
        recording: {
          dropped: 0,
          spool: { oldestAgeMs: 0 },
        },
      },
    });
    expect(backend.requests).toHaveLength(0);
  });
});
