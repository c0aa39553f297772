import type { TestingModule } from '@nestjs/testing';
import {
  MetricsReader,
  RecordReader,
  RecordWriter,
  type RecordFilter,
} from '@app/persistence';
import {
  ALL_TIME_SUMMARY,
  WINDOW,
  WINDOW_TOTALS,
} from '../fixtures/records.answers';
import {
  FIXTURE_KEYS,
  FIXTURE_NOW,
  FIXTURE_RECORDS,
} from '../fixtures/records.fixture';
import { createPersistenceModule } from '../support/persistence-testing';
import {
  describeEachDatabase,
  type TestDatabase,
} from '../support/test-databases';

describeEachDatabase('reading records on %s', (_kind, createDatabase) => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let metrics: MetricsReader;
  let records: RecordReader;

  beforeAll(async () => {
    database = await createDatabase();
    moduleRef = await createPersistenceModule(database.url);
    const writer = moduleRef.get(RecordWriter);
    FIXTURE_RECORDS.forEach((record) => writer.record(record));
    await writer.flush();
    metrics = moduleRef.get(MetricsReader);
    records = moduleRef.get(RecordReader);
  });

  afterAll(async () => {
    await moduleRef.close();
    await database.drop();
  });

  it('aggregates all time to the hand-computed answers', async () => {
    await expect(metrics.summarize({}, 10, FIXTURE_NOW)).resolves.toEqual(
      ALL_TIME_SUMMARY,
    );
  });

  it('aggregates a window with start inclusive and end exclusive', async () => {
    const summary = await metrics.summarize(WINDOW, 10, FIXTURE_NOW);
    expect(summary).toMatchObject(WINDOW_TOTALS);
  });

  it('limits the top lists', async () => {
    const summary = await metrics.summarize({}, 1, FIXTURE_NOW);
    expect(summary.topModels).toEqual([{ value: 'gpt-4', count: 5 }]);
    expect(summary.errorTypes).toHaveLength(1);
  });

  it('answers zeros and empty lists for an empty window', async () => {
    const summary = await metrics.summarize(
      { start: new Date('2030-01-01Z') },
      10,
      FIXTURE_NOW,
    );
    expect(summary).toMatchObject({
      totalRequests: 0,
      failedRequests: 0,
      totalTokensUsed: 0,
      avgResponseTimeMs: 0,
      topModels: [],
      finishReasons: [],
    });
    expect(summary.latency.responseTimeMs).toEqual({
      p50: null,
      p95: null,
      p99: null,
    });
  });

  it('lists newest first and pages through every row with the cursor', async () => {
    const seen: string[] = [];
    let page = await records.page({}, 3);
    while (page.length > 0) {
      seen.push(...page.map((row) => row.request_id ?? ''));
      const last = page[page.length - 1];
      page = await records.page({}, 3, {
        timestampMs: Number(last.timestamp_ms),
        id: Number(last.id),
      });
    }
    expect(seen).toEqual(FIXTURE_RECORDS.map((r) => r.requestId).reverse());
  });

  it('filters by model, endpoint and success', async () => {
    const rows = await records.page({ model: 'gpt-4', success: false }, 100);
    expect(rows.map((row) => row.request_id)).toEqual(['req-9', 'req-4']);
    const embeddings = await records.page({ endpoint: 'embeddings' }, 100);
    expect(embeddings).toHaveLength(1);
    expect(embeddings[0]).toMatchObject({
      total_tokens: 7,
      completion_tokens: null,
    });
  });

  it('round-trips every field', async () => {
    const [row] = await records.page(
      { model: 'gpt-3.5-turbo', endpoint: 'completions' },
      1,
    );
    const record = FIXTURE_RECORDS[4];
    expect({ ...row, id: Number(row.id) }).toEqual({
      id: 5,
      timestamp_ms: record.timestamp.getTime(),
      endpoint: record.endpoint,
      model: record.model,
      origin: record.origin,
      is_streaming: 1,
      success: 1,
      status_code: record.statusCode,
      error_type: null,
      finish_reason: record.finishReason,
      message_count: record.messageCount,
      prompt_tokens: record.promptTokens,
      completion_tokens: record.completionTokens,
      total_tokens: record.totalTokens,
      tokens_estimated: 0,
      time_to_first_token_ms: record.timeToFirstTokenMs,
      time_to_last_token_ms: record.timeToLastTokenMs,
      response_time_ms: record.responseTimeMs,
      tokens_per_second: record.tokensPerSecond,
      request_id: record.requestId,
      prompt_text_tokens: null,
      prompt_audio_tokens: null,
      completion_text_tokens: null,
      completion_audio_tokens: null,
      user: 'bob',
      api_key_id: FIXTURE_KEYS[0],
      cached_prompt_tokens: null,
      cost_usd: null,
      response_model: null,
      tags: { team: 'search' },
    });
    await expect(records.cursorOf(5)).resolves.toEqual({
      timestampMs: record.timestamp.getTime(),
      id: 5,
    });
    await expect(records.cursorOf(999_999)).resolves.toBeNull();
  });

  it('filters by user, API key id and tags, every tag having to match', async () => {
    const ids = async (filter: RecordFilter) =>
      (await records.page(filter, 100)).map((row) => Number(row.id));
    await expect(
      ids({ user: 'alice', tags: [['team', 'search']] }),
    ).resolves.toEqual([7, 1]);
    await expect(
      ids({
        tags: [
          ['team', 'search'],
          ['env', 'prod'],
        ],
      }),
    ).resolves.toEqual([1]);
    await expect(ids({ tags: [['team', 'Search']] })).resolves.toEqual([]);
    await expect(ids({ apiKeyId: FIXTURE_KEYS[1] })).resolves.toEqual([
      10, 8, 6, 4, 2,
    ]);
    const [first] = await records.page({ apiKeyId: FIXTURE_KEYS[0] }, 100, {
      timestampMs: FIXTURE_RECORDS[1].timestamp.getTime(),
      id: 2,
    });
    expect(first).toMatchObject({
      id: 1,
      tags: { team: 'search', env: 'prod' },
    });
  });

  it('streams the whole window in batches', async () => {
    const ids: string[] = [];
    for await (const batch of records.stream({ start: WINDOW.start })) {
      ids.push(...batch.map((row) => row.request_id ?? ''));
    }
    expect(ids).toEqual([
      'req-10',
      'req-9',
      'req-8',
      'req-7',
      'req-6',
      'req-5',
      'req-4',
      'req-3',
    ]);
  });
});
