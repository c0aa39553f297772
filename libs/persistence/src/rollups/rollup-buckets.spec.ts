import { bucketOf, HOUR_MS, splitWindow } from './rollup-buckets';

const T = Date.parse('2024-01-15T10:00:00Z');
const at = (ms: number) => new Date(T + ms);

describe('bucketOf', () => {
  it('aligns to the start of the bucket', () => {
    expect(bucketOf(T, HOUR_MS)).toBe(T);
    expect(bucketOf(T + HOUR_MS - 1, HOUR_MS)).toBe(T);
    expect(bucketOf(T - 1, HOUR_MS)).toBe(T - HOUR_MS);
  });
});

describe('splitWindow', () => {
  it('reads all time from the rollup alone', () => {
    expect(splitWindow({}, HOUR_MS)).toEqual({
      buckets: { sql: '1 = 1', params: [] },
      edges: { sql: '1 = 0', params: [] },
    });
  });

  it('reads whole hours from the rollup and the ragged ends from the records', () => {
    const split = splitWindow(
      { start: at(-1), end: at(2 * HOUR_MS + 5) },
      HOUR_MS,
    );
    expect(split.buckets).toEqual({
      sql: 'bucket_ms >= ? AND bucket_ms < ?',
      params: [T, T + 2 * HOUR_MS],
    });
    expect(split.edges).toEqual({
      sql: '(timestamp_ms >= ? AND timestamp_ms < ?) OR (timestamp_ms >= ? AND timestamp_ms < ?)',
      params: [T - 1, T, T + 2 * HOUR_MS, T + 2 * HOUR_MS + 5],
    });
  });

  it('has no ragged end on a bucket boundary or an open side', () => {
    const split = splitWindow({ start: at(0) }, HOUR_MS);
    expect(split.buckets).toEqual({ sql: 'bucket_ms >= ?', params: [T] });
    expect(split.edges.sql).toBe('1 = 0');
  });

  it('reads a window inside one bucket from the records alone', () => {
    const split = splitWindow({ start: at(10), end: at(20) }, HOUR_MS);
    expect(split.buckets.sql).toBe('1 = 0');
    expect(split.edges).toEqual({
      sql: 'timestamp_ms >= ? AND timestamp_ms < ?',
      params: [T + 10, T + 20],
    });
  });
});
