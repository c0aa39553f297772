import {
  RealtimeTestClient,
  sessionRecords,
  startRealtimeSuite,
  type RealtimeSuite,
} from '../support/realtime-suite';

/** Opens a session, plays two responses and closes; returns what both ends agreed on. */
async function twoResponses(
  suite: RealtimeSuite,
  requestId: string,
  perMessageDeflate: boolean | { serverNoContextTakeover: boolean },
): Promise<{ client: string; backend: string; header: string }> {
  const client = await RealtimeTestClient.open(
    `${suite.wsUrl}/v1/realtime?model=gpt-realtime`,
    { headers: { 'x-request-id': requestId }, perMessageDeflate },
  );
  for (const count of [1, 2]) {
    client.send({ type: 'response.create', response: {} });
    await client.waitFor('response.done', count);
  }
  client.socket.close();
  await client.closed;
  const backend = suite.backend.connections.at(-1)?.extensions ?? 'none';
  const header = client.upgrade?.headers['sec-websocket-extensions'] ?? '';
  return { client: client.socket.extensions, backend, header };
}

describe('Realtime compression', () => {
  describe('with a backend that compresses every message', () => {
    let suite: RealtimeSuite;
    beforeAll(async () => {
      suite = await startRealtimeSuite(
        {},
        { perMessageDeflate: { threshold: 0 } },
      );
    });
    afterAll(() => suite.close());

    it('negotiates permessage-deflate end to end and still reads the usage', async () => {
      const agreed = await twoResponses(suite, 'rt-deflate', true);
      expect(agreed.client).toBe('permessage-deflate');
      expect(agreed.backend).toBe(agreed.client);
      const records = await sessionRecords(suite.gateway, 'rt-deflate', 2);
      expect(records.map((r) => [r.success, r.totalTokens])).toEqual([
        [true, 36],
        [true, 36],
      ]);
      expect(records[0].timeToFirstTokenMs).not.toBeNull();
    });

    it('reads a backend that resets its context after each message', async () => {
      const agreed = await twoResponses(suite, 'rt-no-context', {
        serverNoContextTakeover: true,
      });
      expect(agreed.header).toBe(
        'permessage-deflate; server_no_context_takeover',
      );
      const records = await sessionRecords(suite.gateway, 'rt-no-context', 2);
      expect(records.map((r) => r.totalTokens)).toEqual([36, 36]);
    });

    it('compresses nothing when the client does not ask', async () => {
      const agreed = await twoResponses(suite, 'rt-plain', false);
      expect(agreed).toEqual({ client: '', backend: '', header: '' });
      await expect(
        sessionRecords(suite.gateway, 'rt-plain', 2),
      ).resolves.toHaveLength(2);
    });
  });

  describe('with a backend that never compresses', () => {
    let suite: RealtimeSuite;
    beforeAll(async () => {
      suite = await startRealtimeSuite({}, { perMessageDeflate: false });
    });
    afterAll(() => suite.close());

    it('compresses nothing although the client asks', async () => {
      const agreed = await twoResponses(suite, 'rt-refused-deflate', true);
      expect(agreed).toEqual({ client: '', backend: '', header: '' });
      await expect(
        sessionRecords(suite.gateway, 'rt-refused-deflate', 2),
      ).resolves.toHaveLength(2);
    });
  });
});
