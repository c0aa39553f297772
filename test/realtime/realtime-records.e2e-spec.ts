import { fakeUsage } from '../fixtures/fake-realtime-backend';
import { recordsOf } from '../support/records';
import {
  eventually,
  RealtimeTestClient,
  sessionRecords,
  startRealtimeSuite,
  type RealtimeSuite,
} from '../support/realtime-suite';

describe('Realtime sessions: one record per response', () => {
  let suite: RealtimeSuite;

  beforeAll(async () => {
    suite = await startRealtimeSuite();
  });
  afterAll(() => suite.close());

  const open = (requestId: string, model = 'gpt-realtime') =>
    RealtimeTestClient.open(`${suite.wsUrl}/v1/realtime?model=${model}`, {
      headers: { 'X-Request-Id': requestId, Authorization: 'Bearer sk-rt' },
    });

  it('records two responses of one session with their tokens, model and times', async () => {
    const client = await open('rt-two');
    client.send({
      type: 'response.create',
      response: {
        metadata: { delay_ms: '25', text_deltas: '3', audio_deltas: '2' },
      },
    });
    await client.waitFor('response.done');
    client.send({
      type: 'session.update',
      session: { model: 'gpt-realtime-mini' },
    });
    await client.waitFor('session.updated');
    client.send({
      type: 'response.create',
      response: { metadata: { text_deltas: '1', audio_deltas: '0' } },
    });
    await client.waitFor('response.done', 2);
    client.socket.close(1000, 'done');
    await client.closed;

    const [first, second] = await sessionRecords(suite.gateway, 'rt-two', 2);
    expect(first).toMatchObject({
      endpoint: 'realtime',
      model: 'gpt-realtime',
      // Sessions are neither attributed (the key sent is not read) nor priced.
      user: null,
      apiKeyId: null,
      cachedPromptTokens: null,
      costUsd: null,
      isStreaming: true,
      success: true,
      statusCode: 101,
      errorType: null,
      finishReason: 'completed',
      promptTokens: 25,
      completionTokens: 11,
      totalTokens: 36,
      promptTextTokens: 5,
      promptAudioTokens: 20,
      completionTextTokens: 3,
      completionAudioTokens: 8,
      tokensEstimated: false,
      origin: null,
    });
    // Five deltas 25 ms apart, the first 25 ms after response.created, done 25 ms later.
    expect(first.timeToFirstTokenMs).toBeGreaterThanOrEqual(20);
    // Compression on the way may bunch deltas up a little: the sender's pauses are a floor.
    expect(first.timeToLastTokenMs).toBeGreaterThanOrEqual(
      (first.timeToFirstTokenMs as number) + 50,
    );
    expect(first.responseTimeMs).toBeGreaterThanOrEqual(
      (first.timeToLastTokenMs as number) + 20,
    );
    expect(first.tokensPerSecond).toBeGreaterThan(0);
    expect(second).toMatchObject({
      model: 'gpt-realtime-mini',
      promptTokens: fakeUsage(1, 0).input_tokens,
      completionTokens: 1,
      success: true,
    });
    // Each arrival is response.created's; both are rounded to the millisecond.
    expect(second.timestamp.getTime()).toBeGreaterThanOrEqual(
      first.timestamp.getTime() + (first.responseTimeMs as number) - 2,
    );
  });

  it('records a failed response and an error event as backend errors', async () => {
    const client = await open('rt-failed');
    client.send({
      type: 'response.create',
      response: { metadata: { end: 'failed' } },
    });
    await client.waitFor('response.done');
    client.send({
      type: 'response.create',
      response: { metadata: { end: 'error' } },
    });
    await client.waitFor('response.done', 2);
    client.socket.close();
    const [failed, errored] = await sessionRecords(
      suite.gateway,
      'rt-failed',
      2,
    );
    expect(failed).toMatchObject({
      success: false,
      errorType: 'backend_error',
      errorMessage: 'fake_failure',
      finishReason: 'failed',
      completionTokens: 11,
    });
    expect(errored).toMatchObject({
      success: false,
      errorType: 'backend_error',
      errorMessage: 'fake_error: boom',
      finishReason: 'completed',
    });
  });

  it('passes a 1011 close from the backend through and records stream_interrupted', async () => {
    const client = await open('rt-1011');
    client.send({
      type: 'response.create',
      response: { metadata: { end: 'close1011' } },
    });
    await expect(client.closed).resolves.toEqual({
      code: 1011,
      reason: 'fake server error',
    });
    const [record] = await sessionRecords(suite.gateway, 'rt-1011', 1);
    expect(record).toMatchObject({
      success: false,
      errorType: 'stream_interrupted',
      promptTokens: null,
    });
    expect(record.timeToFirstTokenMs).not.toBeNull();
  });

  it('tells the client 1011 when the backend connection drops without a close frame', async () => {
    const client = await open('rt-drop');
    client.send({
      type: 'response.create',
      response: { metadata: { end: 'drop' } },
    });
    await expect(client.closed).resolves.toEqual({
      code: 1011,
      reason: 'backend connection lost',
    });
    const [record] = await sessionRecords(suite.gateway, 'rt-drop', 1);
    expect(record).toMatchObject({
      errorType: 'stream_interrupted',
      errorMessage: 'the backend closed the session without a close frame',
    });
  });

  it('records client_disconnected when the client leaves mid-response, and closes the backend side', async () => {
    const client = await open('rt-leave');
    client.send({
      type: 'response.create',
      response: {
        metadata: { end: 'hang', text_deltas: '1', audio_deltas: '0' },
      },
    });
    await client.waitFor('response.output_text.delta');
    const backendSide = suite.backend.connections.at(-1);
    client.socket.close(4000, 'bye');
    await expect(client.closed).resolves.toMatchObject({ code: 4000 });
    await eventually(() => backendSide?.closed !== null);
    expect(backendSide?.closed).toEqual({ code: 4000, reason: 'bye' });
    const [record] = await sessionRecords(suite.gateway, 'rt-leave', 1);
    expect(record).toMatchObject({
      success: false,
      errorType: 'client_disconnected',
      errorMessage: 'the client closed the session (4000)',
    });
  });

  it('records nothing for a session without responses', async () => {
    const client = await open('rt-idle');
    await client.waitFor('session.created');
    client.socket.close();
    await client.closed;
    await expect(
      sessionRecords(suite.gateway, 'rt-idle', 1, 200),
    ).resolves.toEqual([]);
  });

  it('records all of 200 concurrent sessions', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `rt-many-${i}`);
    await Promise.all(
      ids.map(async (id) => {
        // Uncompressed: 200 × 4 zlib streams would measure the machine, not the gateway.
        const client = await RealtimeTestClient.open(
          `${suite.wsUrl}/v1/realtime?model=gpt-realtime`,
          { headers: { 'X-Request-Id': id }, perMessageDeflate: false },
        );
        client.send({ type: 'response.create', response: { metadata: {} } });
        await client.waitFor('response.done', 1, 40_000);
        client.socket.close();
        await client.closed;
      }),
    );
    await suite.gateway.writer.flush();
    const records = await sessionRecords(suite.gateway, 'rt-many-199', 1);
    expect(records).toHaveLength(1);
    const many = (await recordsOf(suite.gateway)).filter((r) =>
      r.requestId?.startsWith('rt-many-'),
    );
    expect(new Set(many.map((r) => r.requestId)).size).toBe(200);
    expect(many.every((r) => r.success && r.totalTokens === 36)).toBe(true);
    await eventually(() => suite.backend.openSockets() === 0);
  }, 90_000);
});
