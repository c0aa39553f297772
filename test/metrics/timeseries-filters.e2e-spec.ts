import type { RequestRecordInput } from '@app/persistence';
import {
  FIXTURE_KEYS,
  FIXTURE_NOW,
  FIXTURE_RECORDS,
} from '../fixtures/records.fixture';
import type { Series } from '../fixtures/timeseries.answers';
import { useMetricsApp, type MetricsApi } from '../support/metrics-app';
import { describeEachDatabase } from '../support/test-databases';

interface BadRequest {
  statusCode: number;
  message: string[];
}

/** [filter, the fixture records it selects] */
const FILTERS: [string, (r: RequestRecordInput) => boolean][] = [
  ['model=gpt-4', (r) => r.model === 'gpt-4'],
  ['user=alice', (r) => r.user === 'alice'],
  [`api_key_id=${FIXTURE_KEYS[1]}`, (r) => r.apiKeyId === FIXTURE_KEYS[1]],
  ['tag=team:search', (r) => r.tags.team === 'search'],
];

/** Windows cut on and between hour and day boundaries, in each bucket the route serves. */
const WINDOWS = [
  'start=2024-01-09&end=2024-01-16&bucket=1d',
  'start=2024-01-12T06:30:00Z&end=2024-01-15T04:30:00Z&bucket=1d',
  'start=2024-01-14T10:30:00Z&end=2024-01-15T10:30:00Z&bucket=1h',
  'start=2024-01-15T00:00:00Z&end=2024-01-15T06:00:00Z&bucket=5m',
];

describeEachDatabase(
  'GET /metrics/timeseries filtered on %s',
  (_kind, createDatabase) => {
    const api = useMetricsApp(createDatabase, {
      records: FIXTURE_RECORDS,
      now: FIXTURE_NOW,
    });
    // The same records the filter selects, alone in a database of their own: their unfiltered
    // series is what the filtered one must be.
    const alone = new Map<string, MetricsApi>(
      FILTERS.map(([filter, selects]) => [
        filter,
        useMetricsApp(createDatabase, {
          records: FIXTURE_RECORDS.filter(selects),
          now: FIXTURE_NOW,
        }),
      ]),
    );

    const series = async (app: MetricsApi, query: string) => {
      const answer = await app.get<Series>(`/metrics/timeseries?${query}`);
      expect(answer.status).toBe(200);
      return answer.body;
    };

    it.each(FILTERS.flatMap(([filter]) => WINDOWS.map((w) => [filter, w])))(
      'counts only the records of %s over %s',
      async (filter, window) => {
        const filtered = await series(api, `${window}&${filter}`);
        const expected = await series(alone.get(filter) as MetricsApi, window);
        expect(filtered).toEqual(expected);
        const requests = filtered.points.reduce(
          (sum, point) => sum + point.total_requests,
          0,
        );
        expect(requests).toBeGreaterThan(0);
      },
    );

    it('answers zeros for a value never recorded', async () => {
      const body = await series(api, 'bucket=1d&user=carol');
      expect(body.points.every((point) => point.total_requests === 0)).toBe(
        true,
      );
    });

    it.each([
      ['model=gpt-4&user=alice', ['model', 'user']],
      ['tag=team:search&api_key_id=0123456789abcdef', ['api_key_id', 'tag']],
      ['tag=team', ['tag']],
      ['tag=team:a&tag=team:b', ['tag']],
      ['user=', ['user']],
      ['api_key_id=nothex', ['api_key_id']],
    ])('answers 400 to %s naming %j', async (query, names) => {
      const answer = await api.get<BadRequest>(
        `/metrics/timeseries?bucket=1d&${query}`,
      );
      expect(answer.status).toBe(400);
      for (const name of names) {
        expect(answer.body.message.join('\n')).toContain(name);
      }
    });
  },
);
