import type { DataSource } from 'typeorm';
import type { SqlCondition } from '../sql/sql-types';
import { BREAKDOWN_SUMS } from './breakdown-dimensions';
import type { SplitWindow } from './rollup-buckets';
import {
  BREAKDOWN_HISTOGRAM_TABLE,
  BREAKDOWN_TABLE,
  LATENCY_METRICS,
  type LatencyMetric,
} from './rollup-columns';
import { binRowsOf, HISTOGRAM_SUMS } from './breakdown-reads';
import { query } from './breakdown-sum-reads';
import { latencyFromRecords, totalsFromRecords } from './rollup-sources';

type Row = Record<string, unknown>;

/** One value of one dimension, as the breakdown rollups key it. */
export interface DimensionValue {
  dimension: string;
  value: string;
}

/**
 * A chart of one value's records in buckets of whole days: the days inside the window from the
 * breakdown rollups, the window's ragged ends from the records that `only` selects. Rows come
 * per chart bucket (`bucket_ms`), unmerged: the sums as request_breakdown_daily's columns, the
 * bins as `metric, bin_ms, requests, min_ms, max_ms`: the rollup's in its histogram bins, the
 * ends' in those of binOf, which lie inside them (see toHistogramBins).
 */
export async function readValueSeries(
  db: DataSource,
  of: DimensionValue,
  split: SplitWindow,
  only: SqlCondition,
  bucketMs: number,
): Promise<{ sums: Row[]; bins: Row[] }> {
  const edges = {
    sql: `(${split.edges.sql}) AND (${only.sql})`,
    params: [...split.edges.params, ...only.params],
  };
  const bucket = `(bucket_ms - bucket_ms % ${bucketMs})`;
  const key = [of.dimension, of.value, ...split.buckets.params];
  const where = `dimension = ? AND value = ? AND ${split.buckets.sql}`;
  const names = BREAKDOWN_SUMS.map(({ name }) => name);
  const metrics = Object.keys(LATENCY_METRICS) as LatencyMetric[];
  const [sums, bins, ...fromRecords] = await Promise.all([
    db.query<Row[]>(
      `SELECT ${bucket} AS bucket_ms, ${names.map((n) => `SUM(${n}) AS ${n}`).join(', ')}
      FROM ${BREAKDOWN_TABLE} WHERE ${where} GROUP BY ${bucket}`,
      key,
    ),
    db.query<Row[]>(
      `SELECT ${bucket} AS bucket_ms, metric, ${HISTOGRAM_SUMS}
      FROM ${BREAKDOWN_HISTOGRAM_TABLE} WHERE ${where}
      GROUP BY ${bucket}, metric, octave_ms`,
      key,
    ),
    query(db, totalsFromRecords({ where: edges, bucketMs })),
    ...metrics.map((metric) =>
      query(db, latencyFromRecords(metric, { where: edges, bucketMs })),
    ),
  ]);
  const [edgeSums, ...edgeBins] = fromRecords;
  return {
    sums: [...sums, ...edgeSums],
    bins: [...bins.flatMap((row) => binRowsOf(row)), ...edgeBins.flat()],
  };
}
