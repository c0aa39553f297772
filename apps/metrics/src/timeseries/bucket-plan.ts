import { bucketOf, DAY_MS, HOUR_MS } from '@app/persistence';

/** Bucket lengths in milliseconds. Epoch multiples of these are UTC minute, hour and day starts. */
export const BUCKETS = {
  '1m': 60_000,
  '5m': 5 * 60_000,
  '1h': HOUR_MS,
  '1d': DAY_MS,
} as const;

export type BucketName = keyof typeof BUCKETS;

export const BUCKET_NAMES = Object.keys(BUCKETS) as BucketName[];

/** What `bucket` accepts: a length, or `auto` to pick one from the window. */
export const BUCKET_CHOICES = ['auto', ...BUCKET_NAMES] as const;

export type BucketChoice = (typeof BUCKET_CHOICES)[number];

/** `auto` picks the shortest bucket that splits the window into at most this many. */
export const AUTO_MAX_BUCKETS = 300;

/** The most buckets one answer holds, so a long window cannot ask for millions of zeros. */
export const MAX_BUCKETS = 2_000;

/** How a window [startMs, endMs) is cut: `count` buckets of `ms`, the first at `firstMs`. */
export interface BucketPlan {
  name: BucketName;
  ms: number;
  firstMs: number;
  count: number;
}

/** Buckets touched by [startMs, endMs): from the one holding start to the one holding end - 1. */
export function bucketCount(
  startMs: number,
  endMs: number,
  bucketMs: number,
): number {
  if (endMs <= startMs) return 0;
  const first = bucketOf(startMs, bucketMs);
  return (bucketOf(endMs - 1, bucketMs) - first) / bucketMs + 1;
}

/**
 * The shortest of 1m, 5m, 1h and 1d that gives at most AUTO_MAX_BUCKETS buckets, 1d when none
 * does: 1 hour -> 1m (60 buckets), 6 hours -> 5m (72), 24 hours -> 5m (288), 7 days -> 1h
 * (168), 30 days -> 1d (30); one more when the window does not start on a boundary.
 */
export function autoBucket(startMs: number, endMs: number): BucketName {
  return (
    BUCKET_NAMES.find(
      (name) => bucketCount(startMs, endMs, BUCKETS[name]) <= AUTO_MAX_BUCKETS,
    ) ?? '1d'
  );
}

export function planBuckets(
  choice: BucketChoice,
  startMs: number,
  endMs: number,
): BucketPlan {
  const name = choice === 'auto' ? autoBucket(startMs, endMs) : choice;
  const ms = BUCKETS[name];
  return {
    name,
    ms,
    firstMs: bucketOf(startMs, ms),
    count: bucketCount(startMs, endMs, ms),
  };
}
