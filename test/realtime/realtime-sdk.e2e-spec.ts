import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { ResponseDoneEvent } from 'openai/resources/realtime/realtime';
import {
  sessionRecords,
  startRealtimeSuite,
  type RealtimeSuite,
} from '../support/realtime-suite';
import {
  startTlsTerminator,
  type TlsTerminator,
} from '../support/tls-terminator';

describe("Realtime through the OpenAI SDK's OpenAIRealtimeWS", () => {
  let suite: RealtimeSuite;
  let tls: TlsTerminator;

  beforeAll(async () => {
    suite = await startRealtimeSuite();
    const { port } = suite.gateway.app.getHttpServer().address() as AddressInfo;
    // The SDK always connects with wss:, as it would to a load balancer in front.
    tls = await startTlsTerminator(port);
  });
  afterAll(async () => {
    await tls.close();
    await suite.close();
  });

  it('runs a session with two concurrent responses over wss:, each recorded', async () => {
    const client = new OpenAI({
      apiKey: 'sk-sdk',
      baseURL: `https://${tls.host}/v1`,
    });
    const rt = await OpenAIRealtimeWS.create(client, {
      model: 'gpt-realtime',
      options: { ca: tls.cert, headers: { 'X-Request-Id': 'rt-sdk' } },
    });
    const done: ResponseDoneEvent[] = [];
    const bothDone = new Promise<void>((resolve) =>
      rt.on('response.done', (event) => {
        done.push(event);
        if (done.length === 2) resolve();
      }),
    );
    await new Promise((resolve) => rt.socket.once('open', resolve));
    rt.send({ type: 'response.create', response: {} });
    rt.send({
      type: 'response.create',
      response: { metadata: { text_deltas: '2', audio_deltas: '1' } },
    });
    await bothDone;
    expect(done.map((event) => event.response.usage?.total_tokens)).toEqual([
      36, 31,
    ]);
    const closed = new Promise((resolve) => rt.socket.once('close', resolve));
    rt.close();
    await closed;

    const backendSide = suite.backend.connections.at(-1);
    expect(backendSide?.headers.authorization).toBe('Bearer sk-sdk');
    const records = await sessionRecords(suite.gateway, 'rt-sdk', 2);
    expect(records.map((r) => [r.model, r.totalTokens, r.success])).toEqual([
      ['gpt-realtime', 36, true],
      ['gpt-realtime', 31, true],
    ]);
  });
});
