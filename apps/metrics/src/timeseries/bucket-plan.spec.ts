import { bucketOf } from '@app/persistence';
import {
  AUTO_MAX_BUCKETS,
  autoBucket,
  bucketCount,
  planBuckets,
} from './bucket-plan';

const at = (iso: string) => new Date(iso).getTime();
const HOUR = 3_600_000;
const NOW = at('2024-01-15T10:30:00Z');

describe('bucket plan', () => {
  it.each([
    ['2024-01-15T10:37:12.345Z', 60_000, '2024-01-15T10:37:00.000Z'],
    ['2024-01-15T10:37:12.345Z', 300_000, '2024-01-15T10:35:00.000Z'],
    ['2024-01-15T10:37:12.345Z', HOUR, '2024-01-15T10:00:00.000Z'],
    ['2024-01-15T10:37:12.345Z', 24 * HOUR, '2024-01-15T00:00:00.000Z'],
    ['2024-01-15T00:00:00.000Z', 24 * HOUR, '2024-01-15T00:00:00.000Z'],
  ])('aligns %s to %d ms at %s', (time, ms, expected) => {
    expect(new Date(bucketOf(at(time), ms)).toISOString()).toBe(expected);
  });

  it('counts the buckets a window touches, end exclusive', () => {
    const start = at('2024-01-15T10:07:00Z');
    expect(bucketCount(start, at('2024-01-15T12:00:00Z'), HOUR)).toBe(2);
    expect(bucketCount(start, at('2024-01-15T12:00:00.001Z'), HOUR)).toBe(3);
    expect(bucketCount(start, start + 1, HOUR)).toBe(1);
    expect(bucketCount(start, start, HOUR)).toBe(0);
  });

  it.each([
    [1, '1m', 60],
    [6, '5m', 72],
    [24, '5m', 288],
    [7 * 24, '1h', 169],
    [30 * 24, '1d', 31],
    [5 * 365 * 24, '1d', 1826],
  ])('picks for %d hours before now the %s bucket', (hours, name, count) => {
    const plan = planBuckets('auto', NOW - hours * HOUR, NOW);
    expect([plan.name, plan.count]).toEqual([name, count]);
  });

  it('keeps auto at or under its limit whenever a bucket allows it', () => {
    for (let hours = 1; hours <= 290 * 24; hours += 7) {
      const start = NOW - hours * HOUR;
      const name = autoBucket(start, NOW);
      const plan = planBuckets(name, start, NOW);
      expect(plan.count).toBeLessThanOrEqual(AUTO_MAX_BUCKETS);
    }
  });

  it('keeps a requested bucket and starts at its boundary', () => {
    const plan = planBuckets('1h', at('2024-01-15T01:07:00Z'), NOW);
    expect(plan).toEqual({
      name: '1h',
      ms: HOUR,
      firstMs: at('2024-01-15T01:00:00Z'),
      count: 10,
    });
  });
});
