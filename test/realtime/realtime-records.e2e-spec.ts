import { createHash } from 'node:crypto';
import { calcPrice } from '@pydantic/genai-prices';
import { DatabaseConnector } from '@app/persistence';
import { fakeUsage } from '../fixtures/fake-realtime-backend';
import { recordsOf } from '../support/records';
import {
  eventually,
  RealtimeTestClient,
  sessionRecords,
  startRealtimeSuite,
  type RealtimeSuite,
} from '../support/realtime-suite';

/** The key id the gateway records when API_KEY_HASH_SECRET is unset. */
const fingerprintOf = (key: string) =>
  createHash('sha256').update(key).digest('hex').slice(0, 16);

/** What the price package charges for the fake's usage (no cached audio). */
function packageCost(model: string, usage: ReturnType<typeof fakeUsage>) {
  const cached = usage.input_token_details.cached_tokens;
  return calcPrice(
    {
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      cache_read_tokens: cached,
      cache_audio_read_tokens: 0,
      input_audio_tokens: Math.min(
        usage.input_token_details.audio_tokens,
        usage.input_tokens - cached,
      ),
      output_audio_tokens: usage.output_token_details.audio_tokens,
    },
    model,
  )!.total_price;
}

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
      user: null,
      apiKeyId: fingerprintOf('sk-rt'),
      cachedPromptTokens: 0,
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
    // Audio at the model's audio rates, as the price package itself computes it.
    expect(first.costUsd).toBeCloseTo(
      packageCost('gpt-realtime', fakeUsage(3, 2)),
      9,
    );
    expect(first.costUsd).toBeGreaterThan(0);
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
    // Priced at the model the session changed to.
    expect(second.costUsd).toBeCloseTo(
      packageCost('gpt-realtime-mini', fakeUsage(1, 0)),
      9,
    );
    // Each arrival is response.created's; both are rounded to the millisecond.
    expect(second.timestamp.getTime()).toBeGreaterThanOrEqual(
      first.timestamp.getTime() + (first.responseTimeMs as number) - 2,
    );
  });

  it("attributes a session to its headers' user and tags and its subprotocol's key, which the backend never sees", async () => {
    const client = await RealtimeTestClient.open(
      `${suite.wsUrl}/v1/realtime?model=gpt-realtime`,
      {
        headers: {
          'X-Request-Id': 'rt-who',
          'X-Gateway-User': 'alice',
          'X-Gateway-Tag-Team': 'voice',
        },
      },
      ['realtime', 'openai-insecure-api-key.sk-browser-key'],
    );
    client.send({
      type: 'response.create',
      response: { metadata: { cached_tokens: '15' } },
    });
    await client.waitFor('response.done');
    client.socket.close();
    const [record] = await sessionRecords(suite.gateway, 'rt-who', 1);
    expect(record).toMatchObject({
      user: 'alice',
      apiKeyId: fingerprintOf('sk-browser-key'),
      cachedPromptTokens: 15,
    });
    expect(record.costUsd).toBeCloseTo(
      packageCost('gpt-realtime', fakeUsage(3, 2, 15)),
      9,
    );
    const db = await suite.gateway.app.get(DatabaseConnector).get();
    await expect(
      db.query('SELECT name, value FROM request_tags WHERE record_id = ?', [
        record.id,
      ]),
    ).resolves.toEqual([{ name: 'team', value: 'voice' }]);
    const stored = JSON.stringify([
      await db.query('SELECT * FROM request_records'),
      await db.query('SELECT * FROM request_tags'),
    ]);
    expect(stored).toContain(fingerprintOf('sk-browser-key'));
    expect(stored).not.toContain('sk-browser-key');
    const upstream = suite.backend.connections.at(-1)!;
    expect(upstream.headers['x-request-id']).toBe('rt-who');
    expect(
      Object.keys(upstream.headers).filter((h) => h.startsWith('x-gateway-')),
    ).toEqual([]);
    expect(upstream.protocol).toBe('realtime');
    expect(upstream.headers['sec-websocket-protocol']).toBe(
      'realtime,openai-insecure-api-key.sk-browser-key',
    );
  });

  it('leaves unpriced what has no price: an unknown model, or audio of a model without audio rates', async () => {
    for (const [id, model] of [
      ['rt-unknown', 'my-local-realtime'],
      ['rt-text-only', 'gpt-4o'],
    ]) {
      const client = await open(id, model);
      client.send({ type: 'response.create', response: { metadata: {} } });
      await client.waitFor('response.done');
      client.socket.close();
      const [record] = await sessionRecords(suite.gateway, id, 1);
      expect(record).toMatchObject({
        model,
        promptAudioTokens: 20,
        costUsd: null,
      });
    }
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
