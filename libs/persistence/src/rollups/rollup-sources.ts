import type { SqlCondition } from '../sql/sql-types';
import { bucketSql } from './rollup-buckets';
import { binSql } from './latency-bins';
import {
  LATENCY_METRICS,
  TOTAL_COLUMNS,
  type LatencyMetric,
} from './rollup-columns';

/**
 * SELECTs over `request_records` that give rows shaped like each rollup table's: the rebuild
 * groups them per rollup bucket, the readers per window edge or per chart bucket. One
 * definition, so a rollup and the records it came from can never disagree on what is counted.
 */
export interface Grouping {
  where: SqlCondition;
  /** Rows per bucket of this length (as `bucket_ms`); absent: one row for the whole condition. */
  bucketMs?: number;
  /** Rows per kind of request (`is_streaming`) as well. */
  byKind?: boolean;
}

function grouped(
  { where, bucketMs, byKind }: Grouping,
  keys: string[],
  values: string[],
): SqlCondition {
  const groupBy = [
    ...(bucketMs ? [bucketSql(bucketMs)] : []),
    ...(byKind ? ['is_streaming'] : []),
    ...keys,
  ];
  const columns = [
    ...(bucketMs ? [`${bucketSql(bucketMs)} AS bucket_ms`] : []),
    ...(byKind ? ['is_streaming'] : []),
    ...values,
  ];
  return {
    sql: `SELECT ${columns.join(', ')} FROM request_records WHERE ${where.sql}${
      groupBy.length ? ` GROUP BY ${groupBy.join(', ')}` : ''
    }`,
    params: where.params,
  };
}

const andAlso = (where: SqlCondition, condition: string): SqlCondition => ({
  sql: `(${where.sql}) AND ${condition}`,
  params: where.params,
});

export function totalsFromRecords(grouping: Grouping): SqlCondition {
  return grouped(
    grouping,
    [],
    TOTAL_COLUMNS.map(({ name, sql }) => `${sql} AS ${name}`),
  );
}

/** How often each value of the column `dimension` was seen. */
export function valuesFromRecords(
  dimension: string,
  grouping: Grouping,
): SqlCondition {
  return grouped(
    {
      ...grouping,
      where: andAlso(grouping.where, `${dimension} IS NOT NULL`),
    },
    [dimension],
    [
      `'${dimension}' AS dimension`,
      `${dimension} AS value`,
      'COUNT(*) AS requests',
    ],
  );
}

export function latencyFromRecords(
  metric: LatencyMetric,
  grouping: Grouping,
): SqlCondition {
  const { column } = LATENCY_METRICS[metric];
  const bin = binSql(column);
  return grouped(
    { ...grouping, where: andAlso(grouping.where, `${column} IS NOT NULL`) },
    [bin],
    [
      `'${metric}' AS metric`,
      `${bin} AS bin_ms`,
      'COUNT(*) AS requests',
      `MIN(${column}) AS min_ms`,
      `MAX(${column}) AS max_ms`,
    ],
  );
}
