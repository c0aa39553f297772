import type { TimeWindow } from '../records/record-query.types';
import { NOTHING, type SqlCondition } from '../sql/sql-types';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** The start of the bucket of `size` ms that holds `timestampMs` (UTC-aligned). */
export function bucketOf(timestampMs: number, size: number): number {
  return timestampMs - (((timestampMs % size) + size) % size);
}

/** SQL for the start of the bucket that holds each row's arrival time. */
export function bucketSql(size: number): string {
  return `(timestamp_ms - timestamp_ms % ${size})`;
}

/**
 * A window cut at bucket boundaries: the whole buckets inside it, read from a rollup table,
 * and the ragged ends, read from the records themselves. An open side has no ragged end.
 */
export interface SplitWindow {
  /** Condition on a rollup table's `bucket_ms` selecting the whole buckets. */
  buckets: SqlCondition;
  /** Condition on `request_records` selecting the rows outside whole buckets. */
  edges: SqlCondition;
}

/** The whole buckets of a window, as a window; null when it holds none. */
export function wholeBuckets(
  window: TimeWindow,
  size: number,
): TimeWindow | null {
  const { first, last } = bucketBounds(window, size);
  if (first !== undefined && last !== undefined && first >= last) return null;
  return {
    start: first === undefined ? undefined : new Date(first),
    end: last === undefined ? undefined : new Date(last),
  };
}

function bucketBounds(window: TimeWindow, size: number) {
  const start = window.start?.getTime();
  const end = window.end?.getTime();
  return {
    start,
    end,
    first: start === undefined ? undefined : bucketOf(start + size - 1, size),
    last: end === undefined ? undefined : bucketOf(end, size),
  };
}

export function splitWindow(window: TimeWindow, size: number): SplitWindow {
  const { start, end, first, last } = bucketBounds(window, size);
  if (first !== undefined && last !== undefined && first >= last) {
    return { buckets: NOTHING, edges: range(start, end) };
  }
  const edges: SqlCondition[] = [];
  if (start !== undefined && first !== undefined && start < first) {
    edges.push(range(start, first));
  }
  if (end !== undefined && last !== undefined && last < end) {
    edges.push(range(last, end));
  }
  return {
    buckets: range(first, last, 'bucket_ms'),
    edges: edges.length === 0 ? NOTHING : either(edges),
  };
}

function range(
  from: number | undefined,
  to: number | undefined,
  column = 'timestamp_ms',
): SqlCondition {
  const parts: string[] = [];
  const params: number[] = [];
  if (from !== undefined) {
    parts.push(`${column} >= ?`);
    params.push(from);
  }
  if (to !== undefined) {
    parts.push(`${column} < ?`);
    params.push(to);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
}

function either(conditions: SqlCondition[]): SqlCondition {
  return {
    sql: conditions.map((c) => `(${c.sql})`).join(' OR '),
    params: conditions.flatMap((c) => c.params),
  };
}
