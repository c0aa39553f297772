import OpenAI from 'openai';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, RequestRecordEntity } from '@app/persistence';
import { fakeHeaders, fakeReplyText } from '../fixtures/fake-openai-backend';
import { useGatewayProcesses, type AppProcess } from '../support/app-process';
import { waitFor } from '../support/wait-for';

const STREAMS = 20;
const API_KEY = 'sk-live-secret-4f9a2c7e1b';
const PROMPT = 'confidential prompt 8d31e0';
const LONG_USER = `user-${'q'.repeat(300)}`;

describe('gateway process on SIGTERM', () => {
  const processes = useGatewayProcesses();
  let gateway: AppProcess;

  it('refuses new connections, lets streams in flight finish, records them all, exits 0', async () => {
    gateway = await processes.start({
      SHUTDOWN_GRACE_MS: '10000',
      LOG_LEVEL: 'debug',
    });
    const client = new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: API_KEY,
      maxRetries: 0,
    });
    // Each stream takes three seconds; SIGTERM arrives once every one has begun to answer.
    let begun = 0;
    let finished = 0;
    const streams = Array.from({ length: STREAMS }, async (_, i) => {
      const stream = await client.chat.completions.create(
        {
          model: 'm',
          messages: [{ role: 'user', content: PROMPT }],
          stream: true,
        },
        {
          headers: {
            ...fakeHeaders({ chunks: 10, delayMs: 300 }),
            'x-request-id': `drain-${i}`,
            // Too long a user and a bad tag: the log says so without naming either.
            'x-gateway-user': LONG_USER,
            'x-gateway-tag-bad.name': 'dropped-tag-value',
            'x-gateway-tag-team': 'search',
          },
        },
      );
      let text = '';
      for await (const chunk of stream) {
        if (text === '' && chunk.choices[0]?.delta.content) begun++;
        text += chunk.choices[0]?.delta.content ?? '';
      }
      finished++;
      return text;
    });
    await waitFor(() => begun === STREAMS, 20_000, 'every stream begun');
    gateway.child.kill('SIGTERM');
    await waitFor(
      () => gateway.output().includes('draining requests in flight'),
      10_000,
      'the drain to begin',
    );
    await expect(fetch(`${gateway.url}/health`)).rejects.toThrow();
    expect(finished).toBeLessThan(STREAMS);
    const texts = await Promise.all(streams);
    expect(texts).toEqual(Array(STREAMS).fill(fakeReplyText(10)));
    await expect(gateway.exited).resolves.toBe(0);
    expect(gateway.output()).toContain('draining requests in flight');
    // One log line per proxied request, and never a credential or a prompt in any line.
    expect(gateway.output().match(/"msg":"proxied"/g)).toHaveLength(STREAMS);
    expect(gateway.output()).not.toContain(API_KEY);
    expect(gateway.output()).not.toContain(PROMPT);
    expect(gateway.output()).not.toContain('qqqqqqqq');
    expect(gateway.output()).not.toContain('dropped-tag-value');
    expect(gateway.output().match(/"userTruncated":true/g)).toHaveLength(
      STREAMS,
    );
    expect(gateway.output().match(/"droppedTags":1\b/g)).toHaveLength(STREAMS);

    const dataSource = await new DataSource(
      buildDataSourceOptions(processes.database.url),
    ).initialize();
    try {
      const records = await dataSource
        .getRepository(RequestRecordEntity)
        .find();
      expect(records.map((r) => r.requestId).sort()).toEqual(
        Array.from({ length: STREAMS }, (_, i) => `drain-${i}`).sort(),
      );
      expect(records.every((r) => r.success && r.completionTokens === 10)).toBe(
        true,
      );
      expect(records.every((r) => r.user === LONG_USER.slice(0, 256))).toBe(
        true,
      );
      // Nowhere in the database either: not in a record, not in a tag.
      const rows = await dataSource.query<Record<string, unknown>[]>(
        'SELECT * FROM request_records',
      );
      const tags = await dataSource.query<Record<string, unknown>[]>(
        'SELECT * FROM request_tags',
      );
      expect(tags).toHaveLength(STREAMS);
      expect(JSON.stringify([rows, tags])).not.toContain(API_KEY);
    } finally {
      await dataSource.destroy();
    }
  }, 60_000);
});
