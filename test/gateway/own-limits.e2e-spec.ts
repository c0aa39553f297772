import type OpenAI from 'openai';
import {
  chatContent,
  collect,
  waitFor,
} from '../fixtures/fake-openai-client-helpers';
import {
  fakeReplyText,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import type { RunningGateway } from '../support/gateway-app';
import { useGatewaySuite } from '../support/gateway-suite-hooks';
import { recordFor } from '../support/records';
import {
  MESSAGES,
  postChat,
  secretChats,
  SECRET_KEY,
} from '../support/secret-chat';

// Four times the pauses it must not trip on, a quarter of those it must.
const IDLE_TIMEOUT_MS = 1_000;
const SHORT_PAUSE_MS = IDLE_TIMEOUT_MS / 4;
const MAX_BODY_BYTES = 2048;

describe('gateway: errors from its own limits', () => {
  let backend: FakeBackend;
  let gateway: RunningGateway;
  let client: OpenAI;
  const { chatStream } = secretChats(() => client);

  useGatewaySuite(
    (suite) => ({ backend, gateway, client } = suite),
    { upstreamIdleTimeoutMs: IDLE_TIMEOUT_MS, maxBodyBytes: MAX_BODY_BYTES },
    SECRET_KEY,
  );

  it('answers 504 when the backend stays silent for the idle timeout', async () => {
    const started = performance.now();
    const response = await postChat(gateway.url, 'hang', { scenario: 'hang' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(
      IDLE_TIMEOUT_MS - 20,
    );
    expect(response.status).toBe(504);
    await expect(response.json()).resolves.toMatchObject({
      error: { type: 'timeout', code: 'timeout' },
    });
    await expect(recordFor(gateway, 'hang')).resolves.toMatchObject({
      success: false,
      statusCode: 504,
      errorType: 'timeout',
    });
    await waitFor(() => backend.requests[0].aborted, 5_000);
  });

  it('does not cut a stream that keeps sending for longer than the idle timeout', async () => {
    const stream = await chatStream('slow-stream', {
      chunks: 8,
      delayMs: SHORT_PAUSE_MS,
    });
    expect(chatContent(await collect(stream))).toBe(fakeReplyText(8));
    const record = await recordFor(gateway, 'slow-stream');
    expect(record).toMatchObject({ success: true, completionTokens: 8 });
    expect(record.responseTimeMs).toBeGreaterThan(1.5 * IDLE_TIMEOUT_MS);
  });

  it('cuts a stream that falls silent after it started, and records timeout', async () => {
    const stream = await chatStream('silent-stream', {
      chunks: 2,
      delayMs: 4 * IDLE_TIMEOUT_MS,
    });
    await expect(collect(stream)).rejects.toThrow();
    await expect(recordFor(gateway, 'silent-stream')).resolves.toMatchObject({
      success: false,
      statusCode: 200,
      errorType: 'timeout',
      errorMessage: `the backend sent nothing for ${IDLE_TIMEOUT_MS} ms`,
    });
  });

  it.each([
    ['a declared length', (body: string) => body],
    ['a chunked body', (body: string) => new Blob([body]).stream()],
  ])(
    'refuses a body over the limit with %s as 413 without asking the backend',
    async (kind, toBody) => {
      const requestId = `too-large-${kind.replace(/\W/g, '-')}`;
      const padding = 'x'.repeat(2 * MAX_BODY_BYTES);
      const body = JSON.stringify({ model: 'm', messages: MESSAGES, padding });
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'x-request-id': requestId },
        body: toBody(body),
        duplex: 'half',
      });
      expect(response.status).toBe(413);
      await expect(response.json()).resolves.toMatchObject({
        error: {
          type: 'invalid_request_error',
          code: 'request_too_large',
          message: expect.stringContaining(String(MAX_BODY_BYTES)) as string,
        },
      });
      await expect(recordFor(gateway, requestId)).resolves.toMatchObject({
        success: false,
        statusCode: 413,
        errorType: 'invalid_request',
      });
      expect(backend.requests).toHaveLength(0);
    },
  );
});
