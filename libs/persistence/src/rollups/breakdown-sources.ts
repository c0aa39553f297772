import type { BreakdownSumName } from '../entities/request-breakdown-daily.entity';
import type { SqlCondition } from '../sql/sql-types';
import {
  BREAKDOWN_SUMS,
  COLUMN_DIMENSIONS,
  ANY_PREFIX,
  NONE_PREFIX,
  TAG_PREFIX,
  type ColumnDimension,
  type Dimension,
} from './breakdown-dimensions';
import { binSql } from './latency-bins';
import { bucketSql } from './rollup-buckets';
import { LATENCY_METRICS, type LatencyMetric } from './rollup-columns';

/**
 * SELECTs over `request_records` shaped like the breakdown rollups' rows: the rebuild groups
 * them per day, the breakdown reader per value over a window's ragged ends. `dimension`
 * undefined stands for every tag name at once (the rebuild's).
 */
export interface BreakdownGrouping {
  where: SqlCondition;
  /** Rows per bucket of this length (as `bucket_ms`); absent: over the whole condition. */
  bucketMs?: number;
  /** Only these values (a breakdown's top rows). */
  values?: string[];
}

/** A dimension as SQL: its name, its value, and the join that finds the value. */
interface DimensionSql {
  name: string;
  value: string;
  /** The value where a few values are picked (see ALL_TAGS). */
  picked: string;
  join: string;
  joinParams: string[];
  /** Group keys besides the value (the tag name, when every tag is read). */
  keys: string[];
  present: string;
}

/**
 * The tags of the records a time condition picks. A CROSS JOIN because SQLite then keeps the
 * order written: the window's records by their time index, then each one's tags by key. Left
 * to choose, SQLite (without statistics) starts from every tag of the name and looks up each
 * record, whatever the window: 3.2 s instead of 38 ms for a day of a million records' tag. On
 * MySQL a CROSS JOIN with ON is an inner join like any other.
 */
export const TAGS_OF_RECORDS =
  'CROSS JOIN request_tags t ON t.record_id = request_records.id';

const ALL_TAGS = {
  name: `CONCAT('${TAG_PREFIX}', t.name)`,
  value: 't.value',
  // Unary plus (a no-op on both databases) keeps SQLite from probing `(name, value,
  // record_id)` once per picked value and record (10 probes a record for a top 10) where
  // the tag's key `(record_id, name)` finds it in one: 0.35 s instead of 0.04 s for a day
  // of a million records' tag.
  picked: '+t.value',
  join: TAGS_OF_RECORDS,
  joinParams: [],
  keys: ['t.name'],
  present: '1 = 1',
};

function dimensionSql(dimension: Dimension | undefined): DimensionSql {
  if (!dimension) return ALL_TAGS;
  if (dimension.kind === 'tag') {
    return {
      ...ALL_TAGS,
      join: `${ALL_TAGS.join} AND t.name = ?`,
      joinParams: [dimension.name],
    };
  }
  const { column } = COLUMN_DIMENSIONS[dimension.name];
  return {
    name: `'${dimension.name}'`,
    value: column,
    picked: column,
    join: '',
    joinParams: [],
    keys: [],
    present: `${column} IS NOT NULL`,
  };
}

function selectGrouped(
  dimension: DimensionSql,
  { where, bucketMs, values }: BreakdownGrouping,
  keys: string[],
  columns: string[],
): SqlCondition {
  const bucket = bucketMs ? [bucketSql(bucketMs)] : [];
  const only = values
    ? ` AND ${dimension.picked} IN (${values.map(() => '?').join(', ')})`
    : '';
  const groupBy = [...bucket, ...dimension.keys, ...keys];
  return {
    sql: `SELECT ${[...bucket.map((b) => `${b} AS bucket_ms`), ...columns].join(', ')}
      FROM request_records ${dimension.join}
      WHERE (${where.sql}) AND ${dimension.present}${only}
      ${groupBy.length ? `GROUP BY ${groupBy.join(', ')}` : ''}`,
    params: [...dimension.joinParams, ...where.params, ...(values ?? [])],
  };
}

/**
 * Sums per value, in request_breakdown_daily's column order after the day; only the sums
 * `names` gives when it does.
 */
export function breakdownFromRecords(
  dimension: Dimension | undefined,
  grouping: BreakdownGrouping,
  names?: readonly BreakdownSumName[],
): SqlCondition {
  const sql = dimensionSql(dimension);
  return selectGrouped(
    sql,
    grouping,
    [sql.value],
    [`${sql.name} AS dimension`, `${sql.value} AS value`, ...sumColumns(names)],
  );
}

/**
 * The sums of the records without a value of a column dimension, as its `none:<column>` rows
 * (value ''): for users and API keys an index range, `(user, timestamp_ms, id)` from its NULLs.
 */
export function noValueFromRecords(
  dimension: ColumnDimension,
  grouping: BreakdownGrouping,
): SqlCondition {
  const sql = dimensionSql({ kind: 'column', name: dimension });
  return selectGrouped(
    { ...sql, present: `${sql.value} IS NULL` },
    grouping,
    [],
    [
      `'${NONE_PREFIX}${dimension}' AS dimension`,
      "'' AS value",
      ...sumColumns(),
    ],
  );
}

function sumColumns(names?: readonly BreakdownSumName[]): string[] {
  return BREAKDOWN_SUMS.filter(
    ({ name }) => !names || names.includes(name),
  ).map(({ name, sql }) => `${sql} AS ${name}`);
}

/**
 * One latency's histogram bins per value or, for `group`, the histogram a dimension keeps
 * beside its values' (see NONE_PREFIX): `none:<column>` of the records without a value,
 * `any:tag:<name>` of those with any value of the tag.
 */
export function breakdownLatencyFromRecords(
  dimension: Dimension | undefined,
  metric: LatencyMetric,
  grouping: BreakdownGrouping,
  histogram: 'values' | 'group' = 'values',
): SqlCondition {
  const sql = dimensionSql(dimension);
  const { column } = LATENCY_METRICS[metric];
  const bin = binSql(column);
  const group = histogram === 'group';
  const none = group && dimension?.kind === 'column';
  const name = none
    ? `'${NONE_PREFIX}${dimension.name}'`
    : `CONCAT('${ANY_PREFIX}', ${sql.name})`;
  return selectGrouped(
    {
      ...sql,
      present: `${none ? `${sql.value} IS NULL` : sql.present} AND ${column} IS NOT NULL`,
    },
    grouping,
    [...(group ? [] : [sql.value]), bin],
    [
      `${group ? name : sql.name} AS dimension`,
      `${group ? "''" : sql.value} AS value`,
      `'${metric}' AS metric`,
      `${bin} AS bin_ms`,
      'COUNT(*) AS requests',
      `MIN(${column}) AS min_ms`,
      `MAX(${column}) AS max_ms`,
    ],
  );
}

/**
 * The histogram a dimension keeps beside its values': its name in the rollup, whether it holds
 * the records without a value (`none`) or those with any (`any`), and the same histogram of the
 * records `edges` selects, one SELECT per latency.
 */
export function groupHistogramOf(
  dimension: Dimension,
  edges: SqlCondition,
): { name: string; holds: 'none' | 'any'; fromRecords: SqlCondition[] } {
  const tag = dimension.kind === 'tag';
  return {
    name: tag
      ? ANY_PREFIX + TAG_PREFIX + dimension.name
      : NONE_PREFIX + dimension.name,
    holds: tag ? 'any' : 'none',
    fromRecords: (Object.keys(LATENCY_METRICS) as LatencyMetric[]).map(
      (metric) =>
        breakdownLatencyFromRecords(
          dimension,
          metric,
          { where: edges },
          'group',
        ),
    ),
  };
}
