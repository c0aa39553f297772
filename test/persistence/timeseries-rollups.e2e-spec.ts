import type { TestingModule } from '@nestjs/testing';
import {
  RecordWriter,
  TimeseriesReader,
  type RequestRecordInput,
  type TimeWindow,
} from '@app/persistence';
import { binOf } from '@app/persistence/rollups/latency-bins';
import { randomRecords } from '../fixtures/random-records';
import { createPersistenceModule } from '../support/persistence-testing';
import {
  describeEachDatabase,
  type TestDatabase,
} from '../support/test-databases';

const NOW = new Date('2024-03-10T13:17:42.123Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RECORDS = randomRecords(31337, 1_200, NOW, 3 * DAY);
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

/** [bucket length, window]: every chart bucket the API offers, over ragged windows. */
const CASES: [string, number, TimeWindow][] = [
  ['1m', MINUTE, { start: at(-50 * MINUTE - 7), end: at(-3 * MINUTE + 11) }],
  ['5m', 5 * MINUTE, { start: at(-4 * HOUR - 12_345) }],
  ['1h', HOUR, { start: at(-40 * HOUR - 999), end: at(-HOUR + 1) }],
  ['1h, all time', HOUR, {}],
  ['1d', DAY, { start: at(-2.5 * DAY), end: NOW }],
];

/** Per bucket: requests, tokens, and the bins p50 and p95 of response time fall in. */
function exactBuckets(window: TimeWindow, bucketMs: number) {
  const groups = new Map<number, RequestRecordInput[]>();
  for (const record of RECORDS) {
    const t = record.timestamp.getTime();
    if (window.start && t < window.start.getTime()) continue;
    if (window.end && t >= window.end.getTime()) continue;
    const bucket = t - (t % bucketMs);
    groups.set(bucket, [...(groups.get(bucket) ?? []), record]);
  }
  return [...groups.keys()]
    .sort((a, b) => a - b)
    .map((startMs) => {
      const records = groups.get(startMs) ?? [];
      const times = records
        .map((r) => r.responseTimeMs)
        .filter((v): v is number => v !== null)
        .sort((a, b) => a - b);
      const rank = (p: number) =>
        times.length === 0
          ? null
          : binOf(times[Math.max(1, Math.ceil(p * times.length)) - 1]);
      return {
        startMs,
        totalRequests: records.length,
        failedRequests: records.filter((r) => !r.success).length,
        totalTokens: records.reduce((s, r) => s + (r.totalTokens ?? 0), 0),
        responseTimeBins: [rank(0.5), rank(0.95)],
      };
    });
}

describeEachDatabase(
  'time series from rollups on %s',
  (_kind, createDatabase) => {
    let database: TestDatabase;
    let moduleRef: TestingModule;

    beforeAll(async () => {
      database = await createDatabase();
      moduleRef = await createPersistenceModule(database.url);
      const writer = moduleRef.get(RecordWriter);
      RECORDS.forEach((record) => writer.record(record));
      await writer.flush();
    });

    afterAll(async () => {
      await moduleRef.close();
      await database.drop();
    });

    it.each(CASES)(
      'agrees with the records in %s buckets',
      async (_name, bucketMs, window) => {
        const buckets = await moduleRef
          .get(TimeseriesReader)
          .buckets(window, bucketMs);
        const bin = (v: number | null) => (v === null ? null : binOf(v));
        const actual = buckets.map((b) => ({
          startMs: b.startMs,
          totalRequests: b.totalRequests,
          failedRequests: b.failedRequests,
          totalTokens: b.totalTokens,
          responseTimeBins: [
            bin(b.responseTimeMs.p50),
            bin(b.responseTimeMs.p95),
          ],
        }));
        expect(actual).toEqual(exactBuckets(window, bucketMs));
        expect(actual.length).toBeGreaterThan(1);
      },
    );
  },
);
