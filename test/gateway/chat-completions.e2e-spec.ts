import OpenAI from 'openai';
import { collect, chatContent } from '../fixtures/fake-openai-client-helpers';
import {
  fakeHeaders,
  fakeReplyText,
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import { startGateway, type RunningGateway } from '../support/gateway-app';
import { recordFor, recordsOf } from '../support/records';
import { testDatabases, type TestDatabase } from '../support/test-databases';

const MESSAGES: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Say hello.' },
];

describe('gateway: chat completions', () => {
  let backend: FakeBackend;
  let database: TestDatabase;
  let gateway: RunningGateway;
  let client: OpenAI;

  beforeAll(async () => {
    backend = await startFakeBackend();
    database = await testDatabases()[0][1]();
    gateway = await startGateway(
      { backendUrl: backend.url },
      { url: database.url },
    );
    client = new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: 'sk-test-secret',
      maxRetries: 0,
    });
  });

  afterAll(async () => {
    await gateway.close();
    await backend.close();
    await database.drop();
  });

  beforeEach(() => backend.reset());

  it('answers a non-streaming request as the backend does and records it', async () => {
    const { data, response } = await client.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: MESSAGES },
        { headers: fakeHeaders({ completionTokens: 7 }) },
      )
      .withResponse();
    expect(data.choices[0].message.content).toBe(fakeReplyText());
    expect(data.usage).toEqual({
      prompt_tokens: 20,
      completion_tokens: 7,
      total_tokens: 27,
    });
    const requestId = response.headers.get('x-request-id') as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(backend.requests[0].headers['x-request-id']).toBe(requestId);
    expect(backend.requests[0].headers.authorization).toBe(
      'Bearer sk-test-secret',
    );
    const record = await recordFor(gateway, requestId);
    expect(record).toMatchObject({
      endpoint: 'chat.completions',
      model: 'gpt-4o-mini',
      origin: 'OpenAI/JS',
      isStreaming: false,
      success: true,
      statusCode: 200,
      errorType: null,
      finishReason: 'stop',
      messageCount: 2,
      promptTokens: 20,
      completionTokens: 7,
      totalTokens: 27,
      tokensEstimated: false,
    });
    expect(record.timeToFirstTokenMs).toBe(record.responseTimeMs);
    expect(record.timeToLastTokenMs).toBe(record.responseTimeMs);
    expect(record.tokensPerSecond).toBeGreaterThan(0);
  });

  it('asks the backend for stream usage and hides the usage chunk from a client that did not', async () => {
    const stream = await client.chat.completions.create(
      { model: 'llama3', messages: MESSAGES, stream: true },
      {
        headers: {
          ...fakeHeaders({ chunks: 4, completionTokens: 4 }),
          'x-request-id': 'no-usage-asked',
        },
      },
    );
    const chunks = await collect(stream);
    expect(chatContent(chunks)).toBe(fakeReplyText(4));
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
    // Not even the `usage: null` the backend adds to every chunk once asked for usage.
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
    const sent = JSON.parse(backend.requests[0].body.toString()) as Record<
      string,
      unknown
    >;
    expect(sent.stream_options).toEqual({ include_usage: true });
    const record = await recordFor(gateway, 'no-usage-asked');
    expect(record).toMatchObject({
      isStreaming: true,
      success: true,
      promptTokens: 20,
      completionTokens: 4,
      totalTokens: 24,
      tokensEstimated: false,
      finishReason: 'stop',
    });
    expect(record.timeToFirstTokenMs).not.toBeNull();
    expect(record.timeToLastTokenMs).toBeGreaterThanOrEqual(
      record.timeToFirstTokenMs as number,
    );
  });

  it('passes the usage chunk to a client that asked for it, and the body untouched', async () => {
    const stream = await client.chat.completions.create(
      {
        model: 'llama3',
        messages: MESSAGES,
        stream: true,
        stream_options: { include_usage: true },
      },
      { headers: { 'x-request-id': 'usage-asked' } },
    );
    const chunks = await collect(stream);
    expect(chunks[chunks.length - 1].usage).toEqual({
      prompt_tokens: 20,
      completion_tokens: 5,
      total_tokens: 25,
    });
    const record = await recordFor(gateway, 'usage-asked');
    expect(record).toMatchObject({
      completionTokens: 5,
      tokensEstimated: false,
    });
  });

  it.each(['split', 'packed', 'crlf'] as const)(
    'parses %s events into the same stream and record',
    async (scenario) => {
      const requestId = `events-${scenario}`;
      const stream = await client.chat.completions.create(
        { model: 'llama3', messages: MESSAGES, stream: true },
        {
          headers: {
            ...fakeHeaders({ scenario, chunks: 6 }),
            'x-request-id': requestId,
          },
        },
      );
      const chunks = await collect(stream);
      expect(chatContent(chunks)).toBe(fakeReplyText(6));
      expect(chunks.some((chunk) => chunk.usage)).toBe(false);
      await expect(recordFor(gateway, requestId)).resolves.toMatchObject({
        success: true,
        completionTokens: 6,
        totalTokens: 26,
        finishReason: 'stop',
      });
    },
  );

  it('counts tokens itself when the backend reports none', async () => {
    const stream = await client.chat.completions.create(
      { model: 'llama3', messages: MESSAGES, stream: true },
      {
        headers: {
          ...fakeHeaders({ scenario: 'no-usage' }),
          'x-request-id': 'estimated',
        },
      },
    );
    await collect(stream);
    const record = await recordFor(gateway, 'estimated');
    expect(record.tokensEstimated).toBe(true);
    expect(record.completionTokens).toBeGreaterThan(0);
    expect(record.promptTokens).toBeGreaterThan(0);
    expect(record.totalTokens).toBe(
      (record.promptTokens ?? 0) + (record.completionTokens ?? 0),
    );
  });

  it('measures time to first token from the first content, not the role delta', async () => {
    const stream = await client.chat.completions.create(
      { model: 'llama3', messages: MESSAGES, stream: true },
      {
        headers: {
          ...fakeHeaders({ chunks: 3, delayMs: 150 }),
          'x-request-id': 'slow',
        },
      },
    );
    await collect(stream);
    const record = await recordFor(gateway, 'slow');
    // The role delta comes at once; the first content follows one delay later.
    expect(record.timeToFirstTokenMs).toBeGreaterThanOrEqual(140);
    expect(record.timeToLastTokenMs).toBeGreaterThanOrEqual(
      record.timeToFirstTokenMs! + 2 * 140,
    );
    expect(record.responseTimeMs).toBeGreaterThanOrEqual(
      record.timeToLastTokenMs!,
    );
  });

  it('records nothing for paths that are not inference', async () => {
    const before = (await recordsOf(gateway)).length;
    const models = await client.models.list();
    expect(models.data.length).toBeGreaterThan(0);
    await expect(recordsOf(gateway)).resolves.toHaveLength(before);
  });
});
