import type OpenAI from 'openai';
import { collect } from '../fixtures/fake-openai-client-helpers';
import {
  fakeReplyText,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import {
  fakeOptions as options,
  firstBodySent,
} from '../support/chat-requests';
import type { RunningGateway } from '../support/gateway-app';
import { useGatewaySuite } from '../support/gateway-suite-hooks';
import { recordFor } from '../support/records';

const INPUT_ITEMS: OpenAI.Responses.ResponseInputItem[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Say hello.' },
  { role: 'user', content: 'Again.' },
];

describe('gateway: responses and embeddings', () => {
  let backend: FakeBackend;
  let gateway: RunningGateway;
  let client: OpenAI;

  const sentBody = () => firstBodySent(backend);

  useGatewaySuite((suite) => ({ backend, gateway, client } = suite));

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
