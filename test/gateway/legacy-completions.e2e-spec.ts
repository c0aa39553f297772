import type OpenAI from 'openai';
import { countTokens } from '../../apps/gateway/src/recording/token-estimator';
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

describe('gateway: legacy completions', () => {
  let backend: FakeBackend;
  let gateway: RunningGateway;
  let client: OpenAI;

  const sentBody = () => firstBodySent(backend);

  useGatewaySuite((suite) => ({ backend, gateway, client } = suite));

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
});
