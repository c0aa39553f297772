import type { DataSource } from 'typeorm';
import type { BreakdownSumName } from '../entities/request-breakdown-daily.entity';
import { toNumberOrNull } from '../sql/numbers';
import type { SqlCondition } from '../sql/sql-types';
import {
  anyOf,
  BREAKDOWN_SUMS,
  dimensionName,
  type Dimension,
} from './breakdown-dimensions';
import {
  breakdownFromRecords,
  breakdownLatencyFromRecords,
} from './breakdown-sources';
import { mergeBins, type LatencyBin } from './latency-bins';
import type { SplitWindow } from './rollup-buckets';
import {
  BREAKDOWN_LATENCY_TABLE,
  BREAKDOWN_TABLE,
  LATENCY_METRICS,
  type LatencyMetric,
} from './rollup-columns';

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

/**
 * The sums of every value of a dimension over a window: whole days from the rollup (its key
 * order groups them without a sort), the ragged ends from the records, merged here.
 */
export async function readBreakdownSums(
  db: DataSource,
  dimension: Dimension,
  split: SplitWindow,
): Promise<Map<string, BreakdownSums>> {
  const fromRecords = breakdownFromRecords(dimension, { where: split.edges });
  const [days, edges] = await Promise.all([
    db.query<Row[]>(
      `SELECT value, ${SUM_NAMES.map((n) => `SUM(${n}) AS ${n}`).join(', ')}
      FROM ${BREAKDOWN_TABLE} WHERE dimension = ? AND ${split.buckets.sql}
      GROUP BY value`,
      [dimensionName(dimension), ...split.buckets.params],
    ),
    isNothing(split.edges) ? [] : query(db, fromRecords),
  ]);
  const sums = new Map<string, BreakdownSums>();
  for (const row of [...days, ...edges]) {
    const value = String(row.value);
    let found = sums.get(value);
    if (!found) {
      found = emptySums();
      sums.set(value, found);
    }
    for (const name of SUM_NAMES) found[name] += toNumberOrNull(row[name]) ?? 0;
  }
  return sums;
}

/** Latency bins of one value (or of all values together), per metric, sorted by bound. */
export type ValueBins = Record<LatencyMetric, LatencyBin[]>;

const METRICS = Object.keys(LATENCY_METRICS) as LatencyMetric[];

export function noBins(): ValueBins {
  return Object.fromEntries(
    METRICS.map((m) => [m, []]),
  ) as unknown as ValueBins;
}

/**
 * The histograms of the given values (all of them when `values` is undefined) or, with `any`,
 * of all values together, over a window: whole days from the rollup, the ragged ends from the
 * records.
 */
export async function readBreakdownBins(
  db: DataSource,
  dimension: Dimension,
  split: SplitWindow,
  { values, any = false }: { values?: string[]; any?: boolean },
): Promise<Map<string, ValueBins>> {
  if (values?.length === 0) return new Map();
  const name = any ? anyOf(dimensionName(dimension)) : dimensionName(dimension);
  const only = values
    ? ` AND value IN (${values.map(() => '?').join(', ')})`
    : '';
  const edges = isNothing(split.edges)
    ? []
    : METRICS.map((metric) =>
        query(
          db,
          breakdownLatencyFromRecords(
            dimension,
            metric,
            { where: split.edges, values: any ? undefined : values },
            any,
          ),
        ),
      );
  const rows = await Promise.all([
    db.query<Row[]>(
      `SELECT value, metric, bin_ms, SUM(requests) AS requests, MIN(min_ms) AS min_ms,
        MAX(max_ms) AS max_ms
      FROM ${BREAKDOWN_LATENCY_TABLE}
      WHERE dimension = ? AND ${split.buckets.sql}${only}
      GROUP BY value, metric, bin_ms`,
      [name, ...split.buckets.params, ...(values ?? [])],
    ),
    ...edges,
  ]);
  return binsByValue(rows.flat());
}

/** Rows of bins merged per value, metric and bound. */
function binsByValue(rows: Row[]): Map<string, ValueBins> {
  const lists = new Map<string, LatencyBin[]>();
  for (const row of rows) {
    const key = `${String(row.metric)}\u0000${String(row.value)}`;
    let list = lists.get(key);
    if (!list) lists.set(key, (list = []));
    list.push({
      lowerMs: Number(row.bin_ms),
      count: Number(row.requests),
      minMs: Number(row.min_ms),
      maxMs: Number(row.max_ms),
    });
  }
  const found = new Map<string, ValueBins>();
  for (const [key, list] of lists) {
    const cut = key.indexOf('\u0000');
    const value = key.slice(cut + 1);
    let entry = found.get(value);
    if (!entry) found.set(value, (entry = noBins()));
    entry[key.slice(0, cut) as LatencyMetric] = mergeBins([list]);
  }
  return found;
}

function isNothing(condition: SqlCondition): boolean {
  return condition.sql === '1 = 0';
}

function query(db: DataSource, { sql, params }: SqlCondition): Promise<Row[]> {
  return db.query<Row[]>(sql, params);
}
