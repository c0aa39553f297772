import type { DataSource } from 'typeorm';
import {
  dimensionName,
  UNBINNED,
  type Dimension,
} from './breakdown-dimensions';
import { breakdownLatencyFromRecords } from './breakdown-sources';
import { isNothing, type SqlCondition } from '../sql/sql-types';
import { query } from './breakdown-sum-reads';
import { HISTOGRAM_COUNTS } from '../entities/request-breakdown-histogram-daily.entity';
import {
  histogramRowBins,
  toHistogramBins,
  type LatencyBin,
} from './latency-bins';
import type { SplitWindow } from './rollup-buckets';
import {
  BREAKDOWN_HISTOGRAM_TABLE,
  LATENCY_METRICS,
  type LatencyMetric,
} from './rollup-columns';

type Row = Record<string, unknown>;

/** Latency bins of one value (or of all values together), per metric, sorted by bound. */
export type ValueBins = Record<LatencyMetric, LatencyBin[]>;

const METRICS = Object.keys(LATENCY_METRICS) as LatencyMetric[];

export function noBins(): ValueBins {
  return Object.fromEntries(
    METRICS.map((m) => [m, []]),
  ) as unknown as ValueBins;
}

/**
 * The histograms of the given values (all of them when `values` is undefined) over a window:
 * whole days from the rollup and the ragged ends from the records; for users and API keys,
 * which have none in the rollup, all of it from the records (`window` selects them).
 */
export async function readValueBins(
  db: DataSource,
  dimension: Dimension,
  { split, window }: { split: SplitWindow; window: SqlCondition },
  values?: string[],
): Promise<Map<string, ValueBins>> {
  if (values?.length === 0) return new Map();
  const unbinned = UNBINNED.includes(dimensionName(dimension));
  const where = unbinned ? window : split.edges;
  const only = values
    ? ` AND value IN (${values.map(() => '?').join(', ')})`
    : '';
  const fromRecords = isNothing(where)
    ? []
    : METRICS.map((metric) =>
        query(
          db,
          breakdownLatencyFromRecords(dimension, metric, { where, values }),
        ),
      );
  const rows = await Promise.all([
    unbinned
      ? []
      : readRollupBins(db, dimensionName(dimension), split, only, values ?? []),
    ...fromRecords,
  ]);
  return binsByValue(rows.flat());
}

/**
 * One histogram over a window: the rollup's rows of `name` (`none:<column>`, `any:tag:<name>`)
 * for the whole days, and `edges`, the same histogram of the ragged ends from the records.
 */
export async function readGroupBins(
  db: DataSource,
  name: string,
  split: SplitWindow,
  edges: SqlCondition[],
): Promise<ValueBins> {
  const rows = await Promise.all([
    readRollupBins(db, name, split, '', []),
    ...(isNothing(split.edges) ? [] : edges.map((edge) => query(db, edge))),
  ]);
  return binsByValue(rows.flat()).get('') ?? noBins();
}

/** The octave and the sum of each count of request_breakdown_histogram_daily, as SELECT items. */
export const HISTOGRAM_SUMS = [
  'octave_ms',
  'MIN(min_ms) AS min_ms',
  'MAX(max_ms) AS max_ms',
  ...HISTOGRAM_COUNTS.map((column) => `SUM(${column}) AS ${column}`),
].join(', ');

/**
 * The rollup's histograms of `name` over the window's whole days, per value and metric, as rows
 * of bins (`value, metric, bin_ms, requests, min_ms, max_ms`) like those read from the records.
 */
async function readRollupBins(
  db: DataSource,
  name: string,
  split: SplitWindow,
  only: string,
  values: string[],
): Promise<Row[]> {
  const rows = await db.query<Row[]>(
    `SELECT value, metric, ${HISTOGRAM_SUMS}
    FROM ${BREAKDOWN_HISTOGRAM_TABLE}
    WHERE dimension = ? AND ${split.buckets.sql}${only}
    GROUP BY value, metric, octave_ms`,
    [name, ...split.buckets.params, ...values],
  );
  return rows.flatMap((row) => binRowsOf(row));
}

/** A histogram row's bins as rows of one bin each, beside the row's other columns. */
export function binRowsOf(row: Row): Row[] {
  const { value, metric, bucket_ms } = row;
  return histogramRowBins(row).map((bin) => ({
    value,
    metric,
    bucket_ms,
    bin_ms: bin.lowerMs,
    requests: bin.count,
    min_ms: bin.minMs,
    max_ms: bin.maxMs,
  }));
}

/** Rows of bins merged per value, metric and breakdown histogram bin. */
function binsByValue(rows: Row[]): Map<string, ValueBins> {
  const lists = new Map<string, LatencyBin[]>();
  for (const row of rows) {
    const key = `${String(row.metric)}\u0000${(row.value as string | null) ?? ''}`;
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
    entry[key.slice(0, cut) as LatencyMetric] = toHistogramBins(list);
  }
  return found;
}
