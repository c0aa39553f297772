import type { FakeBackend } from '../fixtures/fake-openai-backend';
import { bytes, rawChatPoster } from '../support/chat-requests';
import type { RunningGateway } from '../support/gateway-app';
import { useGatewaySuite } from '../support/gateway-suite-hooks';
import { expectGatewayToSurviveEachTest } from '../support/gateway-survival';
import {
  openSocket,
  parseAnswer,
  readUntilClosed,
  requestHead,
} from '../support/raw-socket';
import { recordFor } from '../support/records';

const MAX_BODY_BYTES = 1024 * 1024;
const DEPTH = 100_000;
const nested = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;

describe('gateway: bad input, oversized', () => {
  let backend: FakeBackend;
  let gateway: RunningGateway;

  const post = rawChatPoster(() => gateway.url);

  useGatewaySuite((suite) => ({ backend, gateway } = suite), {
    maxBodyBytes: MAX_BODY_BYTES,
  });

  expectGatewayToSurviveEachTest(() => gateway);

  describe('deeply nested JSON', () => {
    it('forwards a hundred thousand levels and records the answer', async () => {
      const body = bytes(`{"model":"m","messages":[${nested}]}`);
      const response = await post('nested', body);
      expect(response.status).toBe(200);
      expect(backend.requests[0].body.equals(body)).toBe(true);
      await expect(recordFor(gateway, 'nested')).resolves.toMatchObject({
        model: 'm',
        messageCount: 1,
        success: true,
      });
    });

    it('forwards a streamed request too deep to re-serialise as it came', async () => {
      const body = bytes(
        `{"model":"m","stream":true,"stream_options":{},"messages":[${nested}]}`,
      );
      const response = await post('nested-stream', body);
      expect(response.status).toBe(200);
      expect(response.body.toString()).toContain('data: [DONE]');
      expect(backend.requests[0].body.equals(body)).toBe(true);
      await expect(recordFor(gateway, 'nested-stream')).resolves.toMatchObject({
        model: 'm',
        isStreaming: true,
        success: true,
        tokensEstimated: true,
      });
    });
  });

  describe('oversized', () => {
    it('answers 413 to a declared length over the limit before the body arrives', async () => {
      const socket = await openSocket(gateway.url);
      socket.write(
        requestHead('POST', '/v1/chat/completions', {
          'Content-Length': String(MAX_BODY_BYTES + 1),
          'X-Request-Id': 'declared-too-large',
        }),
      );
      const answer = parseAnswer(await readUntilClosed(socket, 2_000));
      expect(answer).toEqual({
        status: 413,
        body: {
          error: expect.objectContaining({
            type: 'invalid_request_error',
            code: 'request_too_large',
          }) as unknown,
        },
      });
      await expect(
        recordFor(gateway, 'declared-too-large'),
      ).resolves.toMatchObject({
        statusCode: 413,
        errorType: 'invalid_request',
      });
      expect(backend.requests).toHaveLength(0);
    });

    it.each([
      ['one header of 17 KiB', { 'x-big': 'a'.repeat(17 * 1024) }],
      [
        'two hundred headers of 100 bytes',
        Object.fromEntries(
          Array.from({ length: 200 }, (_, i) => [`x-h${i}`, 'b'.repeat(100)]),
        ),
      ],
    ])('answers 431 to %s', async (_kind, headers) => {
      const response = await post('big-headers', bytes('{}'), headers);
      expect(response.status).toBe(431);
      expect(backend.requests).toHaveLength(0);
    });
  });
});
