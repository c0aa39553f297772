import type { DataSource } from 'typeorm';
import { bucketSql } from '../rollups/rollup-buckets';
import { LATENCY_METRICS, type LatencyMetric } from '../rollups/rollup-columns';
import type { RecordFilter } from '../records/record-query.types';
import { toNumberOrNull } from '../sql/numbers';
import { recordFilter } from '../sql/record-filter';
import type { BucketPercentiles } from './timeseries.types';

type Row = Record<string, unknown>;

/**
 * Exact nearest-rank p50 and p95 of each latency in every bucket, keyed `metric:startMs`: for
 * buckets shorter than an hour, which hold too few requests each for histogram bins to save
 * anything. The value at rank ceil(p * n) is the one row with rank >= p * n > rank - 1, tested
 * in integers so that no database rounds its own way.
 */
export async function exactBucketPercentiles(
  db: DataSource,
  window: RecordFilter,
  bucketMs: number,
): Promise<Map<string, BucketPercentiles>> {
  const found = new Map<string, BucketPercentiles>();
  for (const metric of Object.keys(LATENCY_METRICS) as LatencyMetric[]) {
    for (const row of await ranked(db, window, bucketMs, metric)) {
      found.set(`${metric}:${toNumberOrNull(row.bucket) ?? 0}`, {
        p50: toNumberOrNull(row.p50),
        p95: toNumberOrNull(row.p95),
      });
    }
  }
  return found;
}

function ranked(
  db: DataSource,
  window: RecordFilter,
  bucketMs: number,
  metric: LatencyMetric,
): Promise<Row[]> {
  const { column } = LATENCY_METRICS[metric];
  const where = recordFilter(window);
  const atRank = (percent: number) =>
    `MAX(CASE WHEN rn * 100 >= ${percent} * n AND (rn - 1) * 100 < ${percent} * n THEN value END)`;
  return db.query<Row[]>(
    `SELECT bucket, ${atRank(50)} AS p50, ${atRank(95)} AS p95 FROM (
      SELECT bucket, value,
        ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY value) AS rn,
        COUNT(*) OVER (PARTITION BY bucket) AS n
      FROM (
        SELECT ${bucketSql(bucketMs)} AS bucket, ${column} AS value
        FROM request_records WHERE ${where.sql} AND ${column} IS NOT NULL
      ) bucketed
    ) ranked
    GROUP BY bucket`,
    where.params,
  );
}
