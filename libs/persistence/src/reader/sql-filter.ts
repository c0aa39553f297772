import type { RecordFilter } from './record-query.types';

export interface SqlCondition {
  sql: string;
  params: (string | number)[];
}

/** A WHERE clause with `?` placeholders, which both better-sqlite3 and mysql2 accept. */
export function whereClause(
  filter: RecordFilter,
  extra: string[] = [],
): SqlCondition {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, value: string | number) => {
    parts.push(sql);
    params.push(value);
  };
  if (filter.start) add('timestamp_ms >= ?', filter.start.getTime());
  if (filter.end) add('timestamp_ms < ?', filter.end.getTime());
  if (filter.model !== undefined) add('model = ?', filter.model);
  if (filter.endpoint !== undefined) add('endpoint = ?', filter.endpoint);
  if (filter.success !== undefined) add('success = ?', filter.success ? 1 : 0);
  parts.push(...extra);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Numbers come back as strings from MySQL's DECIMAL and BIGINT arithmetic. */
export function toNumberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}
