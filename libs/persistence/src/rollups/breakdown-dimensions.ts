import {
  BREAKDOWN_TABLE_COLUMNS,
  type BreakdownSumName,
} from '../entities/request-breakdown-daily.entity';
import type { RequestRecordInput } from '../records/request-record.types';
import { TOTAL_SOURCES, type TotalSource } from './rollup-columns';

/**
 * The dimensions a breakdown groups records by: a column of the record, or one tag name
 * (`tag:<name>`). Each has rows per value and day in request_breakdown_daily and, but for users
 * and API keys, request_breakdown_histogram_daily.
 */
export const COLUMN_DIMENSIONS = {
  model: { column: 'model', of: (r: RequestRecordInput) => r.model },
  origin: { column: 'origin', of: (r: RequestRecordInput) => r.origin },
  endpoint: { column: 'endpoint', of: (r: RequestRecordInput) => r.endpoint },
  user: { column: 'user', of: (r: RequestRecordInput) => r.user },
  api_key: { column: 'api_key_id', of: (r: RequestRecordInput) => r.apiKeyId },
} as const;

/**
 * The dimensions without histograms per value: a record has its own user's row to itself in
 * most batches, so one would cost a batch two rows per record. Their shown rows' percentiles
 * are read from the records, through the `(user, ...)` and `(api_key_id, ...)` indexes.
 */
export const UNBINNED: readonly string[] = ['user', 'api_key'];

export type ColumnDimension = keyof typeof COLUMN_DIMENSIONS;

export const TAG_PREFIX = 'tag:';
/**
 * The histogram of the records without a value of a column dimension, and of those with any
 * value of a tag name: with the histogram of every record, what a breakdown's `other` and
 * `none` rows are told apart from. Each is small: most records have a model, origin, user and
 * key, and a tag name's rows come per bin, not per value. For users and API keys the
 * `none:<column>` rows hold the sums too: every value's sums, to subtract from every record's,
 * run to a row per user and day.
 */
export const NONE_PREFIX = 'none:';
export const ANY_PREFIX = 'any:';

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

/**
 * Where a record counts in the breakdown rollups, each place given to `visit` once: its value of
 * each dimension (with `sums`; with `bins` too where values have histograms), and the
 * `none:<column>` or `any:tag:<name>` histograms it joins (`bins`; with `sums` too for users'
 * and keys' `none:<column>`). A visitor rather than a list: the writer calls it for every record.
 */
export function visitPlaces(
  record: RequestRecordInput,
  visit: (
    dimension: string,
    value: string,
    sums: boolean,
    bins: boolean,
  ) => void,
): void {
  for (const name of COLUMN_NAMES) {
    const value = COLUMN_DIMENSIONS[name].of(record);
    if (value == null) visit(NONE_PREFIX + name, '', wide(name), true);
    else visit(name, value, true, !wide(name));
  }
  for (const name in record.tags) {
    visit(TAG_PREFIX + name, record.tags[name], true, true);
    visit(ANY_PREFIX + TAG_PREFIX + name, '', false, true);
  }
}

const COLUMN_NAMES = Object.keys(COLUMN_DIMENSIONS) as ColumnDimension[];
const wide = (name: string) => UNBINNED.includes(name);

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
