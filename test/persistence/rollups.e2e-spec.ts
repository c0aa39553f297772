import type { TestingModule } from '@nestjs/testing';
import {
  DatabaseConnector,
  MetricsReader,
  RecordWriter,
  type MetricsSummary,
  type Percentiles,
} from '@app/persistence';
import { binOf } from '@app/persistence/rollups/latency-bins';
import { rebuildRollups } from '@app/persistence/rollups/rollup-rebuild';
import { randomRecords } from '../fixtures/random-records';
import {
  HOUR_MS,
  RAGGED_WINDOWS,
  RANDOM_NOW,
} from '../fixtures/random-windows';
import { exactSummary } from '../support/exact-summary';
import { createPersistenceModule } from '../support/persistence-testing';
import {
  describeEachDatabase,
  type TestDatabase,
} from '../support/test-databases';

const NOW = RANDOM_NOW;
const HOUR = HOUR_MS;
const RECORDS = randomRecords(20240310, 1_500, NOW, 4 * 24 * HOUR);
const WINDOWS = RAGGED_WINDOWS;

describeEachDatabase('rollups on %s', (_kind, createDatabase) => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let metrics: MetricsReader;

  beforeAll(async () => {
    database = await createDatabase();
    // Small batches: many transactions add to the same hour's rows.
    moduleRef = await createPersistenceModule(database.url, {
      maxBatchSize: 97,
    });
    const writer = moduleRef.get(RecordWriter);
    RECORDS.forEach((record) => writer.record(record));
    await writer.flush();
    metrics = moduleRef.get(MetricsReader);
  });

  afterAll(async () => {
    await moduleRef.close();
    await database.drop();
  });

  it.each(WINDOWS)(
    'agrees with the records themselves over %s',
    async (_name, window) => {
      const summary = await metrics.summarize(window, 5, NOW);
      expectAgreement(summary, exactSummary(RECORDS, window, 5, NOW));
    },
  );

  it('gives the same answers after the rollups are rebuilt from the records', async () => {
    const before = await Promise.all(
      WINDOWS.map(([, window]) => metrics.summarize(window, 5, NOW)),
    );
    await rebuildRollups(await moduleRef.get(DatabaseConnector).get());
    const after = await Promise.all(
      WINDOWS.map(([, window]) => metrics.summarize(window, 5, NOW)),
    );
    expect(after).toEqual(before);
  });
});

describeEachDatabase(
  'rollups written by two processes at once on %s',
  (_kind, createDatabase) => {
    let database: TestDatabase;
    let writers: TestingModule[];

    beforeAll(async () => {
      database = await createDatabase();
      writers = [];
      for (let i = 0; i < 2; i++) {
        writers.push(
          await createPersistenceModule(database.url, {
            maxBatchSize: 13,
            flushIntervalMs: 1,
          }),
        );
      }
    });

    afterAll(async () => {
      await Promise.all(writers.map((moduleRef) => moduleRef.close()));
      await database.drop();
    });

    it('counts every record once when both add to the same hours', async () => {
      // Same timestamps for both: every batch upserts rows the other is upserting too.
      const records = randomRecords(7, 800, NOW, 3 * HOUR);
      const halves = [records.slice(0, 400), records.slice(400)];
      await Promise.all(
        writers.map(async (moduleRef, i) => {
          const writer = moduleRef.get(RecordWriter);
          for (const record of halves[i]) writer.record(record);
          await writer.flush();
          expect(writer.stats()).toMatchObject({ written: 400, dropped: 0 });
        }),
      );
      const summary = await writers[0].get(MetricsReader).summarize({}, 5, NOW);
      expectAgreement(summary, exactSummary(records, {}, 5, NOW));
    });
  },
);

function expectAgreement(
  summary: MetricsSummary,
  exact: ReturnType<typeof exactSummary>,
): void {
  expect(summary).toMatchObject({
    totalRequests: exact.totalRequests,
    successfulRequests: exact.successfulRequests,
    recentRequests24h: exact.recentRequests24h,
    streamingRequests: exact.streamingRequests,
    totalTokensUsed: exact.totalTokensUsed,
    totalPromptTokens: exact.totalPromptTokens,
    estimatedTokenRequests: exact.estimatedTokenRequests,
    topModels: exact.topModels,
    topOrigins: exact.topOrigins,
    finishReasons: exact.finishReasons,
    errorTypes: exact.errorTypes,
    topUsers: exact.topUsers,
    topApiKeys: exact.topApiKeys,
  });
  // Averages are rounded to 2 places; sums of doubles in another order may round the other way.
  expect(summary.avgTokensPerRequest).toBeCloseTo(exact.avgTokensPerRequest, 1);
  expect(summary.avgResponseTimeMs).toBeCloseTo(exact.avgResponseTimeMs, 1);
  expect(summary.avgTokensPerSecond).toBeCloseTo(exact.avgTokensPerSecond, 1);
  expectSameBins(summary.latency.responseTimeMs, exact.responseTimeMs);
  expectSameBins(
    summary.streaming.timeToFirstTokenMs,
    exact.streamedTimeToFirstTokenMs,
  );
}

/** A percentile from the histograms lies in the exact value's bin (exact below 64 ms). */
function expectSameBins(actual: Percentiles, exact: Percentiles): void {
  const bins = (p: Percentiles) =>
    [p.p50, p.p95, p.p99].map((v) => (v === null ? null : binOf(v)));
  expect(bins(actual)).toEqual(bins(exact));
}
