import {
  BREAKDOWN_TABLE_COLUMNS,
  type BreakdownSumName,
} from '../entities/request-breakdown-daily.entity';
import type { RequestRecordInput } from '../records/request-record.types';
import { TOTAL_SOURCES, type TotalSource } from './rollup-columns';

/**
 * The dimensions a breakdown groups records by: a column of the record, or one tag name
 * (`tag:<name>`). Each has rows per value and day in request_breakdown_daily and
 * request_breakdown_latency_daily, and an `any:<dimension>` histogram over all its values.
 */
export const COLUMN_DIMENSIONS = {
  model: { column: 'model', of: (r: RequestRecordInput) => r.model },
  origin: { column: 'origin', of: (r: RequestRecordInput) => r.origin },
  endpoint: { column: 'endpoint', of: (r: RequestRecordInput) => r.endpoint },
  user: { column: 'user', of: (r: RequestRecordInput) => r.user },
  api_key: { column: 'api_key_id', of: (r: RequestRecordInput) => r.apiKeyId },
} as const;

export type ColumnDimension = keyof typeof COLUMN_DIMENSIONS;

export const TAG_PREFIX = 'tag:';
export const ANY_PREFIX = 'any:';
/** The dimension name of the histogram over all values of `dimension`. */
export const anyOf = (dimension: string) => ANY_PREFIX + dimension;

/** A tag name as recorded: lower-case letters, digits, `-` and `_`, up to 32 characters. */
const TAG_NAME = /^[a-z0-9_-]{1,32}$/;

/** A dimension a breakdown can be asked for: `model`, ..., `api_key`, or `tag:<name>`. */
export type Dimension =
  { kind: 'column'; name: ColumnDimension } | { kind: 'tag'; name: string };

/** The dimension a name stands for; null when it names none. */
export function parseDimension(name: string): Dimension | null {
  if (Object.hasOwn(COLUMN_DIMENSIONS, name)) {
    return { kind: 'column', name: name as ColumnDimension };
  }
  if (name.startsWith(TAG_PREFIX)) {
    const tag = name.slice(TAG_PREFIX.length);
    return TAG_NAME.test(tag) ? { kind: 'tag', name: tag } : null;
  }
  return null;
}

export function dimensionName(dimension: Dimension): string {
  return dimension.kind === 'tag'
    ? TAG_PREFIX + dimension.name
    : dimension.name;
}

/** Every (dimension, value) a record counts under, in a fixed order. */
export function dimensionValuesOf(
  record: RequestRecordInput,
): [string, string][] {
  const found: [string, string][] = [];
  for (const name of Object.keys(COLUMN_DIMENSIONS) as ColumnDimension[]) {
    const value = COLUMN_DIMENSIONS[name].of(record);
    if (value != null) found.push([name, value]);
  }
  for (const [name, value] of Object.entries(record.tags)) {
    found.push([TAG_PREFIX + name, value]);
  }
  return found;
}

export interface BreakdownSum extends TotalSource {
  name: BreakdownSumName;
}

/** The summed columns of request_breakdown_daily, counted as request_totals_hourly counts them. */
export const BREAKDOWN_SUMS: BreakdownSum[] = BREAKDOWN_TABLE_COLUMNS.filter(
  ({ primary }) => !primary,
).map(({ name }) => ({
  name: name as BreakdownSumName,
  ...TOTAL_SOURCES[name as BreakdownSumName],
}));
