import type { DataSource } from 'typeorm';
import type { BreakdownSumName } from '../entities/request-breakdown-daily.entity';
import { toNumberOrNull } from '../sql/numbers';
import { isNothing, type SqlCondition } from '../sql/sql-types';
import {
  BREAKDOWN_SUMS,
  dimensionName,
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
  /** The rollup's rows added up in one (of value ''), not per value. */
  together?: boolean;
}

/** Sums per value, and how many rollup rows they were added up from. */
export interface ReadSums {
  sums: Map<string, BreakdownSums>;
  rollupRows: number;
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
  { values, names = SUM_NAMES, together = false }: SumsWanted = {},
): Promise<ReadSums> {
  if (values?.length === 0) return { sums: new Map(), rollupRows: 0 };
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
      `SELECT ${together ? "'' AS value" : 'value'}, COUNT(*) AS rollup_rows,
        ${names.map((n) => `SUM(${n}) AS ${n}`).join(', ')}
      FROM ${BREAKDOWN_TABLE} WHERE dimension = ? AND ${split.buckets.sql}${only}
      ${together ? '' : 'GROUP BY value'}`,
      [dimensionName(dimension), ...split.buckets.params, ...(values ?? [])],
    ),
    isNothing(split.edges) ? [] : query(db, fromRecords),
  ]);
  const sums = new Map<string, BreakdownSums>();
  let rollupRows = 0;
  for (const row of days) rollupRows += Number(row.rollup_rows);
  for (const row of [...days, ...edges]) {
    const value = String(row.value);
    let found = sums.get(value);
    if (!found) sums.set(value, (found = emptySums()));
    for (const name of names) found[name] += toNumberOrNull(row[name]) ?? 0;
  }
  return { sums, rollupRows };
}

/** The sums of the records of a window without a value of a column dimension. */
export async function readNoValueSums(
  db: DataSource,
  dimension: ColumnDimension,
  window: SqlCondition,
): Promise<BreakdownSums> {
  const [row] = await query(
    db,
    noValueFromRecords(dimension, { where: window }),
  );
  const sums = emptySums();
  for (const name of SUM_NAMES) sums[name] = toNumberOrNull(row?.[name]) ?? 0;
  return sums;
}

export function query(
  db: DataSource,
  { sql, params }: SqlCondition,
): Promise<Row[]> {
  return db.query<Row[]>(sql, params);
}
