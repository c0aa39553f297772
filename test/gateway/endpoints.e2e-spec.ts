import OpenAI from 'openai';
import { countTokens } from '../../apps/gateway/src/recording/token-estimator';
import { collect } from '../fixtures/fake-openai-client-helpers';
import {
  fakeHeaders,
  fakeReplyText,
  type FakeBackend,
  type FakeHeaderOptions,
} from '../fixtures/fake-openai-backend';
import type { RunningGateway } from '../support/gateway-app';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import { recordFor } from '../support/records';

const INPUT_ITEMS: OpenAI.Responses.ResponseInputItem[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Say hello.' },
  { role: 'user', content: 'Again.' },
];

const options = (requestId: string, fake: FakeHeaderOptions = {}) => ({
  headers: { ...fakeHeaders(fake), 'x-request-id': requestId },
});

describe('gateway: completions, responses and embeddings', () => {
  let suite: GatewaySuite;
  let backend: FakeBackend;
  let gateway: RunningGateway;
  let client: OpenAI;

  const sentBody = (): Record<string, unknown> =>
    JSON.parse(backend.requests[0].body.toString()) as Record<string, unknown>;

  beforeAll(async () => {
    suite = await startGatewaySuite();
    ({ backend, gateway, client } = suite);
  });

  afterAll(() => suite.close());

  beforeEach(() => backend.reset());

  it('records a legacy completion', async () => {
    const completion = await client.completions.create(
      { model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' },
      options('completion', { completionTokens: 7 }),
    );
    expect(completion.choices[0]).toMatchObject({
      text: fakeReplyText(),
      finish_reason: 'stop',
    });
    expect(completion.usage).toEqual({
      prompt_tokens: 10,
      completion_tokens: 7,
      total_tokens: 17,
    });
    await expect(recordFor(gateway, 'completion')).resolves.toMatchObject({
      endpoint: 'completions',
      model: 'gpt-3.5-turbo-instruct',
      isStreaming: false,
      success: true,
      messageCount: 1,
      promptTokens: 10,
      completionTokens: 7,
      totalTokens: 17,
      tokensEstimated: false,
      finishReason: 'stop',
    });
  });

  it('records a streamed completion, hiding the usage chunk nobody asked for', async () => {
    const stream = await client.completions.create(
      { model: 'm', prompt: ['one', 'two'], stream: true },
      options('completion-stream', { chunks: 4 }),
    );
    const chunks = await collect(stream);
    expect(chunks.map((chunk) => chunk.choices[0].text).join('')).toBe(
      fakeReplyText(4),
    );
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('stop');
    expect(chunks.filter((chunk) => chunk.usage)).toEqual([]);
    expect(sentBody().stream_options).toEqual({ include_usage: true });
    await expect(
      recordFor(gateway, 'completion-stream'),
    ).resolves.toMatchObject({
      endpoint: 'completions',
      isStreaming: true,
      success: true,
      messageCount: 2,
      promptTokens: 20,
      completionTokens: 4,
      totalTokens: 24,
      tokensEstimated: false,
      finishReason: 'stop',
    });
  });

  it('passes the usage chunk of a streamed completion to a client that asked', async () => {
    const stream = await client.completions.create(
      {
        model: 'm',
        prompt: 'Say hi',
        stream: true,
        stream_options: { include_usage: true },
      },
      options('completion-usage', { completionTokens: 3 }),
    );
    const chunks = await collect(stream);
    expect(chunks[chunks.length - 1].usage).toEqual({
      prompt_tokens: 10,
      completion_tokens: 3,
      total_tokens: 13,
    });
    await expect(recordFor(gateway, 'completion-usage')).resolves.toMatchObject(
      { completionTokens: 3, totalTokens: 13, tokensEstimated: false },
    );
  });

  it.each([false, true])(
    'counts the tokens of a completion without usage (stream: %p)',
    async (stream) => {
      const requestId = `completion-no-usage-${stream}`;
      const answer = await client.completions.create(
        { model: 'm', prompt: 'Say hi', stream },
        options(requestId, { scenario: 'no-usage' }),
      );
      const completions =
        Symbol.asyncIterator in answer ? await collect(answer) : [answer];
      expect(completions.filter((completion) => completion.usage)).toEqual([]);
      const promptTokens = countTokens('Say hi');
      const completionTokens = countTokens(fakeReplyText());
      await expect(recordFor(gateway, requestId)).resolves.toMatchObject({
        isStreaming: stream,
        success: true,
        promptTokens,
        completionTokens,
        totalTokens: promptTokens + completionTokens,
        tokensEstimated: true,
        finishReason: 'stop',
      });
    },
  );

  it('records a streamed response from its response.completed event', async () => {
    const stream = await client.responses.create(
      { model: 'gpt-4.1', input: 'Say hi', stream: true },
      options('response-stream', { completionTokens: 6 }),
    );
    const events = await collect(stream);
    const completed = events.find((e) => e.type === 'response.completed');
    expect(completed?.response.usage).toMatchObject({
      input_tokens: 10,
      output_tokens: 6,
    });
    expect(sentBody()).not.toHaveProperty('stream_options');
    const record = await recordFor(gateway, 'response-stream');
    expect(record).toMatchObject({
      endpoint: 'responses',
      model: 'gpt-4.1',
      isStreaming: true,
      success: true,
      messageCount: 1,
      promptTokens: 10,
      completionTokens: 6,
      totalTokens: 16,
      tokensEstimated: false,
      finishReason: 'completed',
    });
    expect(record.timeToFirstTokenMs).not.toBeNull();
  });

  it('counts every input item of a streamed response as a message', async () => {
    const stream = await client.responses.create(
      { model: 'm', input: INPUT_ITEMS, stream: true },
      options('response-items'),
    );
    await collect(stream);
    await expect(recordFor(gateway, 'response-items')).resolves.toMatchObject({
      messageCount: 3,
      promptTokens: 30,
      completionTokens: 5,
      finishReason: 'completed',
    });
  });

  it('records a response that is not streamed', async () => {
    const response = await client.responses.create(
      { model: 'm', input: INPUT_ITEMS.slice(1) },
      options('response'),
    );
    expect(response.output_text).toBe(fakeReplyText());
    await expect(recordFor(gateway, 'response')).resolves.toMatchObject({
      endpoint: 'responses',
      isStreaming: false,
      success: true,
      messageCount: 2,
      promptTokens: 20,
      completionTokens: 5,
      totalTokens: 25,
      tokensEstimated: false,
      finishReason: 'completed',
    });
  });

  it('records embeddings with prompt tokens only', async () => {
    const embeddings = await client.embeddings.create(
      { model: 'text-embedding-3-small', input: ['one', 'two'] },
      options('embeddings', { promptTokens: 12 }),
    );
    expect(embeddings.data).toHaveLength(2);
    expect(embeddings.usage).toEqual({ prompt_tokens: 12, total_tokens: 12 });
    await expect(recordFor(gateway, 'embeddings')).resolves.toMatchObject({
      endpoint: 'embeddings',
      model: 'text-embedding-3-small',
      isStreaming: false,
      success: true,
      messageCount: 2,
      promptTokens: 12,
      completionTokens: null,
      totalTokens: 12,
      tokensEstimated: false,
      finishReason: null,
    });
  });
});
