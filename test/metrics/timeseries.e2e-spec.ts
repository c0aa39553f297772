import { FIXTURE_NOW, FIXTURE_RECORDS } from '../fixtures/records.fixture';
import {
  DAILY_SERIES,
  zeroPoint,
  type Series,
  type SeriesPoint,
} from '../fixtures/timeseries.answers';
import { useMetricsApp } from '../support/metrics-app';
import { describeEachDatabase } from '../support/test-databases';

interface BadRequest {
  statusCode: number;
  message: string[];
}

const HOUR = 3_600_000;

const counts = (series: Series, field: keyof SeriesPoint = 'total_requests') =>
  series.points.map((point) => point[field]);

describeEachDatabase(
  'GET /metrics/timeseries on %s',
  (_kind, createDatabase) => {
    const api = useMetricsApp(createDatabase, {
      records: FIXTURE_RECORDS,
      now: FIXTURE_NOW,
    });

    const series = async (query: string) => {
      const answer = await api.get<Series>(`/metrics/timeseries?${query}`);
      expect(answer.status).toBe(200);
      return answer.body;
    };

    const expectBadRequest = async (query: string, names: string[]) => {
      const answer = await api.get<BadRequest>(`/metrics/timeseries?${query}`);
      expect(answer.status).toBe(400);
      const message = answer.body.message.join('\n');
      for (const name of names) expect(message).toContain(name);
      return message;
    };

    it('answers every figure per UTC day, from the earliest request to now', async () => {
      await expect(series('bucket=1d')).resolves.toEqual(DAILY_SERIES);
    });

    it('fills the hours without requests with zeros', async () => {
      const body = await series(
        'start=2024-01-15T00:00:00&end=2024-01-15T06:00:00&bucket=1h',
      );
      expect(body.points.map((p) => p.timestamp)).toEqual(
        [0, 1, 2, 3, 4, 5].map((h) => `2024-01-15T0${h}:00:00.000Z`),
      );
      expect(counts(body)).toEqual([0, 1, 1, 1, 1, 1]);
      expect(counts(body, 'failed_requests')).toEqual([0, 0, 0, 1, 0, 1]);
      expect(counts(body, 'total_tokens')).toEqual([0, 20, 7, 0, 50, 0]);
      expect(body.points[0]).toEqual(zeroPoint('2024-01-15T00:00:00.000Z'));
      expect(body.points[3]).toMatchObject({
        avg_response_time_ms: 900,
        response_time_ms: { p50: 900, p95: 900 },
        time_to_first_token_ms: { p50: 0, p95: 0 },
      });
    });

    it('starts buckets on boundaries and counts only the window', async () => {
      const body = await series(
        'start=2024-01-15T01:30:00Z&end=2024-01-15T04:00:00.001Z&bucket=1h',
      );
      expect(body.start).toBe('2024-01-15T01:30:00.000Z');
      expect(body.points.map((p) => p.timestamp)).toEqual([
        '2024-01-15T01:00:00.000Z',
        '2024-01-15T02:00:00.000Z',
        '2024-01-15T03:00:00.000Z',
        '2024-01-15T04:00:00.000Z',
      ]);
      expect(counts(body)).toEqual([0, 1, 1, 1]);
    });

    it('reads a start with an offset as the same instant', async () => {
      const body = await series(
        `start=${encodeURIComponent('2024-01-15T03:00:00+02:00')}&end=2024-01-15T02:00:00Z&bucket=5m`,
      );
      expect(body.points).toHaveLength(12);
      expect(body.points[0].timestamp).toBe('2024-01-15T01:00:00.000Z');
      expect(body.points[0].total_requests).toBe(1);
    });

    it.each([
      ['all time', '', '1h', 131],
      ['1 hour', 'start=2024-01-15T09:30:00Z', '1m', 60],
      ['6 hours', 'start=2024-01-15T04:30:00Z', '5m', 72],
      ['24 hours', 'start=2024-01-14T10:30:00Z', '5m', 288],
      ['7 days', 'start=2024-01-08T10:30:00Z', '1h', 169],
      ['30 days', 'start=2023-12-16T10:30:00Z', '1d', 31],
    ])('picks the bucket for %s', async (_name, query, bucket, points) => {
      const body = await series(`${query}&bucket=auto`);
      expect([body.bucket, body.points.length]).toEqual([bucket, points]);
      expect(body.end).toBe(FIXTURE_NOW.toISOString());
    });

    it('takes auto when bucket is left out and keeps every request', async () => {
      const body = await series('');
      expect(body.bucket).toBe('1h');
      expect(body.bucket_ms).toBe(HOUR);
      const total = counts(body).reduce((a, b) => Number(a) + Number(b), 0);
      expect(total).toBe(10);
      expect(body.points.at(-1)).toMatchObject({
        timestamp: '2024-01-15T10:00:00.000Z',
        total_requests: 1,
        failed_requests: 1,
      });
    });

    it('answers zeros for an empty window', async () => {
      const body = await series(
        'start=2030-01-01T00:00:00Z&end=2030-01-01T01:00:00Z',
      );
      expect(body.bucket).toBe('1m');
      expect(body.points).toHaveLength(60);
      expect(body.points.every((p) => p.total_requests === 0)).toBe(true);
    });

    it('begins an open start at the earliest request before the end', async () => {
      const body = await series('end=2024-01-12T00:00:00Z&bucket=1d');
      expect(body.start).toBe('2024-01-10T00:00:00.000Z');
      expect(counts(body)).toEqual([1, 0]);
    });

    it.each([
      ['no request before the end', 'end=2024-01-01&bucket=1h'],
      ['a start after now', 'start=2030-01-01'],
    ])('answers no points for %s', async (_name, query) => {
      const body = await series(query);
      expect(body.points).toEqual([]);
      expect(body.start).toBe(body.end);
    });

    it.each([
      ['bucket=2m', ['bucket', 'auto, 1m, 5m, 1h, 1d']],
      ['bucket=', ['bucket']],
      ['bucket=1H', ['bucket']],
      ['start=yesterday', ['start']],
      ['end=2024-02-30', ['end']],
      ['start=2024-01-02&end=2024-01-01', ['start', 'end']],
      ['top=5', ['top']],
      ['unexpected=1', ['unexpected']],
    ])('answers 400 to %s naming %j', async (query, names) => {
      await expectBadRequest(query, names);
    });

    it('refuses a bucket that would cut the window into more than 2000', async () => {
      const message = await expectBadRequest('bucket=1m', ['bucket 1m']);
      expect(message).toContain('7830 buckets, more than 2000');
      await expectBadRequest('start=2010-01-01', ['bucket auto (1d)']);
      await expect(series('start=2019-01-01&bucket=1d')).resolves.toEqual(
        expect.objectContaining({ bucket: '1d' }),
      );
    });
  },
);
