import type { SqlCondition } from '../reader/sql-filter';
import { bucketSql } from './rollup-buckets';
import { binSql } from './latency-bins';
import {
  LATENCY_BUCKET_MS,
  LATENCY_METRICS,
  TOTAL_COLUMNS,
  TOTALS_BUCKET_MS,
  VALUES_BUCKET_MS,
  type LatencyMetric,
  type ValueDimension,
} from './rollup-columns';

/**
 * SELECTs over `request_records` that give rows shaped like each rollup table's: the rebuild
 * groups them per bucket, the metrics reader per window edge. One definition, so a rollup and
 * the records it came from can never disagree on what is counted.
 */
export interface Grouping {
  /** Whether the rows carry `bucket_ms` (a rebuild) or stand for the whole condition. */
  perBucket: boolean;
  where: SqlCondition;
}

function grouped(
  columns: string[],
  groupBy: string[],
  where: SqlCondition,
): SqlCondition {
  return {
    sql: `SELECT ${columns.join(', ')} FROM request_records WHERE ${where.sql} GROUP BY ${groupBy.join(', ')}`,
    params: where.params,
  };
}

export function totalsFromRecords({
  perBucket,
  where,
}: Grouping): SqlCondition {
  const bucket = bucketSql(TOTALS_BUCKET_MS);
  return grouped(
    [
      ...(perBucket ? [`${bucket} AS bucket_ms`] : []),
      'is_streaming',
      ...TOTAL_COLUMNS.map(({ name, sql }) => `${sql} AS ${name}`),
    ],
    [...(perBucket ? [bucket] : []), 'is_streaming'],
    where,
  );
}

export function valuesFromRecords(
  dimension: ValueDimension,
  { perBucket, where }: Grouping,
): SqlCondition {
  const bucket = bucketSql(VALUES_BUCKET_MS);
  return grouped(
    [
      ...(perBucket
        ? [`'${dimension}' AS dimension`, `${bucket} AS bucket_ms`]
        : []),
      `${dimension} AS value`,
      'COUNT(*) AS requests',
    ],
    [...(perBucket ? [bucket] : []), dimension],
    {
      sql: `(${where.sql}) AND ${dimension} IS NOT NULL`,
      params: where.params,
    },
  );
}

export function latencyFromRecords(
  metric: LatencyMetric,
  { perBucket, where }: Grouping,
): SqlCondition {
  const bucket = bucketSql(LATENCY_BUCKET_MS);
  const { column } = LATENCY_METRICS[metric];
  const bin = binSql(column);
  return grouped(
    [
      `'${metric}' AS metric`,
      ...(perBucket ? [`${bucket} AS bucket_ms`] : []),
      'is_streaming',
      `${bin} AS bin_ms`,
      'COUNT(*) AS requests',
      `MIN(${column}) AS min_ms`,
      `MAX(${column}) AS max_ms`,
    ],
    [...(perBucket ? [bucket] : []), 'is_streaming', bin],
    { sql: `(${where.sql}) AND ${column} IS NOT NULL`, params: where.params },
  );
}
