import OpenAI from 'openai';
import { collect } from '../fixtures/fake-openai-client-helpers';
import {
  fakeHeaders,
  fakeReplyText,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import { HELLO_MESSAGES as MESSAGES } from '../support/chat-requests';
import type { RunningGateway } from '../support/gateway-app';
import { useGatewaySuite } from '../support/gateway-suite-hooks';
import { recordFor, recordsOf } from '../support/records';

describe('gateway: chat completions, as recorded', () => {
  let backend: FakeBackend;
  let gateway: RunningGateway;
  let client: OpenAI;

  useGatewaySuite(
    (suite) => ({ backend, gateway, client } = suite),
    {},
    'sk-test-secret',
  );

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
