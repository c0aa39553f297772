import OpenAI from 'openai';
import {
  fakeReplyText,
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import { startGateway, type RunningGateway } from '../support/gateway-app';
import { recordsOf } from '../support/records';
import { TcpForwarder, throughForwarder } from '../support/tcp-forwarder';
import { waitFor } from '../support/wait-for';
import {
  createMysqlDatabase,
  describeOnMysql,
  type TestDatabase,
} from '../support/test-databases';

/** The database behind a TCP hop the test cuts: proxying must go on untouched. */
describeOnMysql('gateway while the database is down', () => {
  let backend: FakeBackend;
  let database: TestDatabase;
  let forwarder: TcpForwarder;
  let gateway: RunningGateway | undefined;

  beforeEach(async () => {
    backend = await startFakeBackend();
    database = await createMysqlDatabase();
    forwarder = await TcpForwarder.open(
      '127.0.0.1',
      Number(new URL(database.url).port),
    );
  });

  afterEach(async () => {
    await gateway?.close();
    await forwarder.close();
    await backend.close();
    await database.drop();
  });

  const sendRequests = async (count: number, prefix: string) => {
    const client = new OpenAI({
      baseURL: `${gateway!.url}/v1`,
      apiKey: 'sk-x',
      maxRetries: 0,
    });
    for (let i = 0; i < count; i++) {
      const headers = { 'x-request-id': `${prefix}-${i}` };
      const messages = [{ role: 'user' as const, content: 'hi' }];
      // Whole answers, streamed or not, whatever the database does.
      if (i % 2 === 0) {
        const answer = await client.chat.completions.create(
          { model: 'm', messages },
          { headers },
        );
        expect(answer.choices[0].message.content).toBe(fakeReplyText());
        continue;
      }
      const stream = await client.chat.completions.create(
        { model: 'm', messages, stream: true },
        { headers },
      );
      let text = '';
      for await (const chunk of stream)
        text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe(fakeReplyText());
    }
  };

  const startThroughForwarder = async () => {
    gateway = await startGateway(
      { backendUrl: backend.url },
      { url: throughForwarder(database.url, forwarder), flushIntervalMs: 50 },
    );
  };

  it('proxies while the database is down at start, then writes what waited', async () => {
    await forwarder.stop();
    await startThroughForwarder();
    await sendRequests(6, 'down-at-start');
    expect(gateway!.writer.stats()).toMatchObject({
      buffered: 6,
      written: 0,
      dropped: 0,
    });
    await forwarder.start();
    await waitFor(() => gateway!.writer.stats().written === 6, 15_000);
    const records = await recordsOf(gateway!);
    expect(records.map((r) => r.requestId).sort()).toEqual(
      Array.from({ length: 6 }, (_, i) => `down-at-start-${i}`).sort(),
    );
  });

  it('proxies while the database goes away during traffic, then catches up', async () => {
    await startThroughForwarder();
    await sendRequests(4, 'before');
    await waitFor(() => gateway!.writer.stats().written === 4, 5_000);
    await forwarder.stop();
    await sendRequests(6, 'during');
    await waitFor(() => gateway!.writer.stats().failedAttempts > 0, 5_000);
    expect(gateway!.writer.stats().written).toBe(4);
    await forwarder.start();
    await waitFor(() => gateway!.writer.stats().written === 10, 15_000);
    const ids = (await recordsOf(gateway!)).map((r) => r.requestId);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });
});
