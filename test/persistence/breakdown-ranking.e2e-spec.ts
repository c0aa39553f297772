import type { TestingModule } from '@nestjs/testing';
import {
  BreakdownReader,
  DatabaseConnector,
  type Breakdown,
  type BreakdownSort,
  type RequestRecordInput,
  type TimeWindow,
} from '@app/persistence';
import { commitBatch } from '@app/persistence/writer/commit-batch';
import {
  exactBreakdown,
  expectRows,
  withinWindow,
} from '../support/exact-breakdown';
import { createPersistenceModule } from '../support/persistence-testing';
import {
  describeEachDatabase,
  type TestDatabase,
} from '../support/test-databases';

const DAY_MS = 24 * 60 * 60 * 1000;
const NAMED_FROM = Date.parse('2024-05-01T00:00:00Z');
const ANONYMOUS_FROM = Date.parse('2024-05-10T00:00:00Z');

/**
 * Users and keys are ranked on their sort key alone, then summed in full for the shown rows;
 * `none` comes from the writer's `none:user` and `none:api_key` rows over whole days and from the
 * records without a value over ragged ends: few such records (one at each midnight of days 1 to
 * 3) or most (days 10 to 12). Equal counts, tokens and costs everywhere, so that ties fall on
 * every cut; values that differ in case only.
 */
function records(): RequestRecordInput[] {
  const list: RequestRecordInput[] = [];
  for (let i = 0; i < 240; i++) {
    const user = i % 7 === 0 ? `User-${i % 5}` : `user-${i % 40}`;
    list.push(record(NAMED_FROM + ((i * 997_001) % (3 * DAY_MS)), user, i));
  }
  for (let i = 0; i < 3; i++)
    list.push(record(NAMED_FROM + i * DAY_MS, null, i));
  for (let i = 0; i < 90; i++) {
    const user = i % 9 === 0 ? `user-${i % 4}` : null;
    list.push(
      record(ANONYMOUS_FROM + ((i * 2_881_003) % (3 * DAY_MS)), user, i),
    );
  }
  return list;
}

function record(
  at: number,
  user: string | null,
  i: number,
): RequestRecordInput {
  return {
    timestamp: new Date(at),
    endpoint: 'chat.completions',
    model: 'gpt-4o-mini',
    origin: null,
    isStreaming: i % 2 === 0,
    success: i % 11 !== 0,
    statusCode: i % 11 !== 0 ? 200 : 500,
    errorType: i % 11 !== 0 ? null : 'backend_error',
    errorMessage: null,
    finishReason: null,
    messageCount: 1,
    promptTokens: 60,
    completionTokens: i % 3 === 0 ? null : 40,
    totalTokens: i % 3 === 0 ? 60 : 100,
    tokensEstimated: false,
    timeToFirstTokenMs: i % 2 === 0 ? 100 + (i % 13) * 50 : null,
    timeToLastTokenMs: null,
    responseTimeMs: 400 + (i % 17) * 120,
    tokensPerSecond: i % 3 === 0 ? null : 25,
    requestId: `rank-${i}`,
    user,
    apiKeyId: user === null ? null : user.slice(-1).padStart(16, '0'),
    tags: {},
    cachedPromptTokens: null,
    costUsd: i % 4 === 0 ? null : 0.00125,
  };
}

const RECORDS = records();
const WINDOWS: [string, TimeWindow][] = [
  ['all time', {}],
  [
    'named days, ragged',
    {
      start: new Date(NAMED_FROM + 7 * 3_600_000 + 1),
      end: new Date(NAMED_FROM + 2 * DAY_MS + 5 * 3_600_000),
    },
  ],
  ['named days, start only', { start: new Date(NAMED_FROM + 40_000_000) }],
  [
    'anonymous days, ragged',
    {
      start: new Date(ANONYMOUS_FROM + 3 * 3_600_000),
      end: new Date(ANONYMOUS_FROM + 2 * DAY_MS + 20 * 3_600_000),
    },
  ],
  [
    'whole days only',
    { start: new Date(NAMED_FROM), end: new Date(ANONYMOUS_FROM + 2 * DAY_MS) },
  ],
  [
    'one whole anonymous day',
    {
      start: new Date(ANONYMOUS_FROM + DAY_MS),
      end: new Date(ANONYMOUS_FROM + 2 * DAY_MS),
    },
  ],
  [
    'within one day',
    {
      start: new Date(ANONYMOUS_FROM + 3_600_000),
      end: new Date(ANONYMOUS_FROM + 9 * 3_600_000),
    },
  ],
];
const SORTS: BreakdownSort[] = ['requests', 'tokens', 'cost'];
const CASES = WINDOWS.flatMap(([name, window]) =>
  ['user', 'api_key'].flatMap((by) =>
    SORTS.flatMap((sort) =>
      [1, 3, 7].map((top) => [name, by, sort, top, window] as const),
    ),
  ),
);

describeEachDatabase(
  'breakdown ranking of users and keys on %s',
  (_kind, createDatabase) => {
    let database: TestDatabase;
    let moduleRef: TestingModule;
    let reader: BreakdownReader;

    beforeAll(async () => {
      database = await createDatabase();
      moduleRef = await createPersistenceModule(database.url);
      const written = await commitBatch(
        await moduleRef.get(DatabaseConnector).get(),
        RECORDS.map((record, n) => ({ uid: `rank-${n}`, record })),
      );
      expect(written).toBe(RECORDS.length);
      reader = moduleRef.get(BreakdownReader);
    });

    afterAll(async () => {
      await moduleRef.close();
      await database.drop();
    });

    it.each(CASES)(
      'agrees with the records over %s by %s, sorted by %s, top %d',
      async (_name, by, sort, top, window) => {
        const actual = await reader.breakdown({ by, window, top, sort });
        const exact = exactBreakdown(RECORDS, { by, window, top, sort });
        expect(actual.distinctValues).toBe(exact.distinct_values);
        expectRows(actual.rows, exact.rows);
        expect([actual.other === null, actual.none === null]).toEqual([
          exact.other === null,
          exact.none === null,
        ]);
        expectRows(
          [actual.other, actual.none].filter((row) => row !== null),
          [exact.other, exact.none].filter((row) => row !== null),
        );
        expect(requestsOf(actual)).toBe(
          RECORDS.filter((r) => withinWindow(r, window)).length,
        );
      },
    );

    it.each(WINDOWS)(
      'answers each value alone over %s, with none and without other',
      async (_name, window) => {
        const every = exactBreakdown(RECORDS, {
          by: 'user',
          window,
          top: RECORDS.length,
          sort: 'cost',
        });
        for (const row of [...every.rows.slice(0, 4), every.rows.at(-1)]) {
          if (!row) continue;
          const actual = await reader.breakdown({
            by: 'user',
            window,
            top: 1,
            sort: 'cost',
            value: row.value ?? undefined,
          });
          expect(actual.distinctValues).toBe(every.distinct_values);
          expectRows(actual.rows, [row]);
          expect(actual.other).toBeNull();
          expectRows(
            [actual.none].filter((none) => none !== null),
            [every.none].filter((none) => none !== null),
          );
        }
        const unknown = await reader.breakdown({
          by: 'user',
          window,
          top: 1,
          sort: 'requests',
          value: 'nobody',
        });
        expect([unknown.rows, unknown.other]).toEqual([[], null]);
      },
    );
  },
);

function requestsOf(breakdown: Breakdown): number {
  return [...breakdown.rows, breakdown.other, breakdown.none].reduce(
    (n, row) => n + (row?.requests ?? 0),
    0,
  );
}
