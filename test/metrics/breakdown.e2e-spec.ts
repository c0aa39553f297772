import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BreakdownSort } from '@app/persistence';
import {
  FIXTURE_KEYS,
  FIXTURE_NOW,
  FIXTURE_RECORDS,
} from '../fixtures/records.fixture';
import {
  BREAKDOWN_DIMENSIONS,
  exactBreakdown,
  inHistogramBins,
  type ExactRow,
} from '../support/exact-breakdown';
import { useMetricsApp } from '../support/metrics-app';
import { describeEachDatabase } from '../support/test-databases';

interface Row extends ExactRow {
  name: string | null;
}

interface Answer {
  by: string;
  sort: BreakdownSort;
  top: number;
  window: { start?: string; end?: string };
  distinct_values: number;
  rows: Row[];
  other: Row | null;
  none: Row | null;
}

interface BadRequest {
  statusCode: number;
  message: string[];
}

const NAMES_FILE = join(
  mkdtempSync(join(tmpdir(), 'key-names-')),
  'names.yaml',
);
writeFileSync(NAMES_FILE, `"${FIXTURE_KEYS[0]}": search team\n`);

/** Windows cut on and between hour and day boundaries. */
const WINDOWS: [string, string][] = [
  ['all time', ''],
  [
    'mid-hour to mid-day',
    'start=2024-01-14T11:30:00Z&end=2024-01-15T04:30:00Z',
  ],
  ['start only, mid-day', 'start=2024-01-12T06:00:00Z'],
  ['end only, mid-hour', 'end=2024-01-15T02:15:00Z'],
  ['whole days', 'start=2024-01-10&end=2024-01-15'],
];

const BAD: [string, string[]][] = [
  ['', ['by']],
  ['by=color', ['by']],
  ['by=tag:Team', ['by']],
  ['by=tag:', ['by']],
  [`by=tag:${'t'.repeat(33)}`, ['by']],
  ['by=user&by=model', ['by']],
  ['by=user&top=0', ['top']],
  ['by=user&top=1001', ['top']],
  ['by=user&top=ten', ['top']],
  ['by=user&sort=latency', ['sort']],
  [`by=user&value=${'v'.repeat(257)}`, ['value']],
  ['by=user&start=2024-01-02&end=2024-01-01', ['start', 'end']],
  ['by=user&end=tomorrow', ['end']],
  ['by=user&limit=5', ['limit']],
];

const windowOf = (query: string) => {
  const params = new URLSearchParams(query);
  const date = (name: string) => {
    const value = params.get(name);
    return value ? new Date(value) : undefined;
  };
  return { start: date('start'), end: date('end') };
};

describeEachDatabase(
  'GET /metrics/breakdown on %s',
  (_kind, createDatabase) => {
    const api = useMetricsApp(createDatabase, {
      records: FIXTURE_RECORDS,
      now: FIXTURE_NOW,
      environment: { API_KEY_NAMES: NAMES_FILE },
    });

    const breakdown = async (query: string) => {
      const answer = await api.get<Answer>(`/metrics/breakdown?${query}`);
      expect(answer.status).toBe(200);
      return answer.body;
    };

    it('ranks users by requests, sums the rest in other and the anonymous in none', async () => {
      const body = await breakdown('by=user&top=1');
      expect(body).toMatchObject({
        by: 'user',
        sort: 'requests',
        top: 1,
        window: {},
        distinct_values: 2,
      });
      // alice sent records 1, 4, 7, 10; bob 2, 5, 8; nobody 3, 6, 9.
      expect(body.rows.map((r) => [r.value, r.requests])).toEqual([
        ['alice', 4],
      ]);
      expect(body.other).toMatchObject({
        value: null,
        name: null,
        requests: 3,
      });
      expect(body.none).toMatchObject({ value: null, requests: 3 });
      // Record 1 (gpt-4, $0.001) and record 4 (gpt-4, $0.004); 7 and 10 are unpriced.
      expect(body.rows[0]).toMatchObject({
        cost_usd: 0.005,
        priced_requests: 2,
        unpriced_requests: 2,
        failed_requests: 3,
      });
    });

    it.each(
      WINDOWS.flatMap(([name, query]) =>
        BREAKDOWN_DIMENSIONS.map((by) => [name, query, by]),
      ),
    )(
      'agrees with the records over %s (%s) by %s',
      async (_name, query, by) => {
        const body = await breakdown(`by=${by}&top=2&${query}`);
        const exact = exactBreakdown(FIXTURE_RECORDS, {
          by,
          window: windowOf(query),
          top: 2,
          sort: 'requests',
        });
        // Percentiles within the histogram bin of the exact one (README, GET /metrics/breakdown).
        const binned = <B extends typeof exact>(answer: B) => ({
          ...answer,
          rows: answer.rows.map(inHistogramBins),
          other: answer.other && inHistogramBins(answer.other),
          none: answer.none && inHistogramBins(answer.none),
        });
        expect(binned(body)).toMatchObject(binned(exact));
      },
    );

    it.each(['tokens', 'cost', 'p95_response_time_ms'] as BreakdownSort[])(
      'sorts by %s, most first',
      async (sort) => {
        const body = await breakdown(`by=model&sort=${sort}&top=3`);
        expect(body.sort).toBe(sort);
        expect(body).toMatchObject(
          exactBreakdown(FIXTURE_RECORDS, {
            by: 'model',
            window: {},
            top: 3,
            sort,
          }),
        );
      },
    );

    it('names the API keys that have a name', async () => {
      const body = await breakdown('by=api_key');
      expect(body.rows.map((r) => [r.value, r.name])).toEqual([
        [FIXTURE_KEYS[0], 'search team'],
        [FIXTURE_KEYS[1], null],
      ]);
      expect(body.none).toBeNull();
    });

    it('answers one value alone, without other', async () => {
      const body = await breakdown('by=user&value=bob&top=1');
      expect(body.rows.map((r) => [r.value, r.requests])).toEqual([['bob', 3]]);
      expect(body.other).toBeNull();
      expect(body.none).toMatchObject({ requests: 3 });
      const missing = await breakdown('by=user&value=carol');
      expect(missing.rows).toEqual([]);
    });

    it('answers empty rows for a window without requests, and for a tag never seen', async () => {
      const empty = await breakdown('by=model&start=2030-01-01');
      expect(empty).toMatchObject({
        distinct_values: 0,
        rows: [],
        other: null,
        none: null,
      });
      const unseen = await breakdown('by=tag:color');
      expect(unseen.rows).toEqual([]);
      expect(unseen.none).toMatchObject({ requests: FIXTURE_RECORDS.length });
    });

    it.each(BAD)('answers 400 to %s naming %j', async (query, names) => {
      const { status, body } = await api.get<BadRequest>(
        `/metrics/breakdown?${query}`,
      );
      expect(status).toBe(400);
      for (const name of names) expect(body.message.join('\n')).toContain(name);
    });
  },
);
