import type { DataSource } from 'typeorm';
import type { BreakdownSumName } from '../entities/request-breakdown-daily.entity';
import { toNumberOrNull } from '../sql/numbers';
import { isNothing, type SqlCondition } from '../sql/sql-types';
import {
  BREAKDOWN_SUMS,
  dimensionName,
  NONE_PREFIX,
  type ColumnDimension,
  type Dimension,
} from './breakdown-dimensions';
import { breakdownFromRecords, noValueFromRecords } from './breakdown-sources';
import type { SplitWindow } from './rollup-buckets';
import { BREAKDOWN_TABLE } from './rollup-columns';

type Row = Record<string, unknown>;

/** Each summed column of request_breakdown_daily, by its name. */
export type BreakdownSums = Record<BreakdownSumName, number>;

const SUM_NAMES = BREAKDOWN_SUMS.map(({ name }) => name);

export function emptySums(): BreakdownSums {
  return Object.fromEntries(
    SUM_NAMES.map((name) => [name, 0]),
  ) as BreakdownSums;
}

/** Adds `from` into `to`, times `sign`. */
export function addSums(
  to: BreakdownSums,
  from: BreakdownSums,
  sign = 1,
): void {
  for (const name of SUM_NAMES) to[name] += sign * from[name];
}

/** Which sums of which values a read takes: every sum of every value unless given. */
export interface SumsWanted {
  values?: readonly string[];
  names?: readonly BreakdownSumName[];
}

/**
 * The sums of the values of a dimension over a window: whole days from the rollup (its key
 * order groups them without a sort, and finds the given values by key), the ragged ends from
 * the records, merged here. Sums not asked for stay 0.
 */
export async function readBreakdownSums(
  db: DataSource,
  dimension: Dimension,
  split: SplitWindow,
  { values, names = SUM_NAMES }: SumsWanted = {},
): Promise<Map<string, BreakdownSums>> {
  if (values?.length === 0) return new Map();
  const only = values
    ? ` AND value IN (${values.map(() => '?').join(', ')})`
    : '';
  const fromRecords = breakdownFromRecords(
    dimension,
    { where: split.edges, values: values && [...values] },
    names,
  );
  const [days, edges] = await Promise.all([
    db.query<Row[]>(
      `SELECT value, ${summed(names)}
      FROM ${BREAKDOWN_TABLE} WHERE dimension = ? AND ${split.buckets.sql}${only}
      GROUP BY value`,
      [dimensionName(dimension), ...split.buckets.params, ...(values ?? [])],
    ),
    isNothing(split.edges) ? [] : query(db, fromRecords),
  ]);
  const sums = new Map<string, BreakdownSums>();
  for (const row of [...days, ...edges]) {
    const value = String(row.value);
    let found = sums.get(value);
    if (!found) sums.set(value, (found = emptySums()));
    addRow(found, row, names);
  }
  return sums;
}

/**
 * The sums of a window's records without a user (or API key): whole days from the rollup's
 * `none:<column>` rows, a row a day; the ragged ends from the records without a value.
 */
export async function readNoValueSums(
  db: DataSource,
  dimension: ColumnDimension,
  split: SplitWindow,
): Promise<BreakdownSums> {
  const [days, edges] = await Promise.all([
    isNothing(split.buckets)
      ? []
      : db.query<Row[]>(
          `SELECT ${summed(SUM_NAMES)} FROM ${BREAKDOWN_TABLE}
          WHERE dimension = ? AND value = '' AND ${split.buckets.sql}`,
          [NONE_PREFIX + dimension, ...split.buckets.params],
        ),
    isNothing(split.edges)
      ? []
      : query(db, noValueFromRecords(dimension, { where: split.edges })),
  ]);
  const sums = emptySums();
  for (const row of [...days, ...edges]) addRow(sums, row, SUM_NAMES);
  return sums;
}

const summed = (names: readonly BreakdownSumName[]) =>
  names.map((n) => `SUM(${n}) AS ${n}`).join(', ');

function addRow(
  sums: BreakdownSums,
  row: Row,
  names: readonly BreakdownSumName[],
): void {
  for (const name of names) sums[name] += toNumberOrNull(row[name]) ?? 0;
}

export function query(
  db: DataSource,
  { sql, params }: SqlCondition,
): Promise<Row[]> {
  return db.query<Row[]>(sql, params);
}
