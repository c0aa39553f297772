import type OpenAI from 'openai';
import { collect, chatContent } from '../fixtures/fake-openai-client-helpers';
import {
  fakeHeaders,
  fakeReplyText,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import { HELLO_MESSAGES as MESSAGES } from '../support/chat-requests';
import type { RunningGateway } from '../support/gateway-app';
import { useGatewaySuite } from '../support/gateway-suite-hooks';
import { recordFor } from '../support/records';

describe('gateway: chat completions, streamed', () => {
  let backend: FakeBackend;
  let gateway: RunningGateway;
  let client: OpenAI;

  useGatewaySuite((suite) => ({ backend, gateway, client } = suite));

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

  it('sends the headers while the backend is still silent before its first event', async () => {
    const silence = 3000;
    const started = performance.now();
    const { data: stream, response } = await client.chat.completions
      .create(
        { model: 'llama3', messages: MESSAGES, stream: true },
        {
          headers: {
            ...fakeHeaders({ scenario: 'split', delayMs: silence }),
            'x-request-id': 'silent-backend',
          },
        },
      )
      .withResponse();
    const waited = performance.now() - started;
    stream.controller.abort();

    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(waited).toBeLessThan(silence);
    await expect(recordFor(gateway, 'silent-backend')).resolves.toMatchObject({
      success: false,
      errorType: 'client_disconnected',
      timeToFirstTokenMs: null,
    });
  });
});
