import type { DataSource } from 'typeorm';
import { EVERYTHING } from '../sql/sql-types';
import { runInTransaction } from '../sql/transaction';
import {
  BREAKDOWN_SUMS,
  COLUMN_DIMENSIONS,
  UNBINNED,
  type ColumnDimension,
  type Dimension,
} from './breakdown-dimensions';
import {
  breakdownFromRecords,
  breakdownLatencyFromRecords,
  noValueFromRecords,
} from './breakdown-sources';
import {
  BREAKDOWN_BUCKET_MS,
  BREAKDOWN_HISTOGRAM_TABLE,
  BREAKDOWN_TABLE,
  LATENCY_BUCKET_MS,
  LATENCY_METRICS,
  LATENCY_TABLE,
  TOTALS_BUCKET_MS,
  VALUES_BUCKET_MS,
  TOTAL_COLUMNS,
  TOTALS_TABLE,
  VALUE_DIMENSIONS,
  VALUES_TABLE,
  type LatencyMetric,
  type ValueDimension,
} from './rollup-columns';
import { HISTOGRAM_COUNTS } from '../entities/request-breakdown-histogram-daily.entity';
import { histogramPlaceSql } from './latency-bins';
import {
  latencyFromRecords,
  totalsFromRecords,
  valuesFromRecords,
} from './rollup-sources';

/**
 * Statements that empty the rollup tables and derive them again from every record: for the
 * migration that creates them over an existing table, and, through rebuildRollups, for rows
 * loaded behind the writer's back. Run them in one transaction.
 */
export function rollupRebuildStatements(): string[] {
  const totalColumns = TOTAL_COLUMNS.map(({ name }) => name).join(', ');
  return [
    `DELETE FROM ${TOTALS_TABLE}`,
    `DELETE FROM ${VALUES_TABLE}`,
    `DELETE FROM ${LATENCY_TABLE}`,
    `DELETE FROM ${BREAKDOWN_TABLE}`,
    `DELETE FROM ${BREAKDOWN_HISTOGRAM_TABLE}`,
    `INSERT INTO ${TOTALS_TABLE} (bucket_ms, is_streaming, ${totalColumns}) ${
      totalsFromRecords({
        where: EVERYTHING,
        bucketMs: TOTALS_BUCKET_MS,
        byKind: true,
      }).sql
    }`,
    ...(Object.keys(VALUE_DIMENSIONS) as ValueDimension[]).map(
      (dimension) =>
        `INSERT INTO ${VALUES_TABLE} (bucket_ms, dimension, value, requests) ${
          valuesFromRecords(dimension, {
            where: EVERYTHING,
            bucketMs: VALUES_BUCKET_MS,
          }).sql
        }`,
    ),
    ...(Object.keys(LATENCY_METRICS) as LatencyMetric[]).map(
      (metric) =>
        `INSERT INTO ${LATENCY_TABLE} (bucket_ms, is_streaming, metric, bin_ms, requests, min_ms, max_ms) ${
          latencyFromRecords(metric, {
            where: EVERYTHING,
            bucketMs: LATENCY_BUCKET_MS,
            byKind: true,
          }).sql
        }`,
    ),
    ...breakdownRebuildStatements(),
  ];
}

/** Every column dimension, then every tag name at once. */
const BREAKDOWN_DIMENSIONS: (Dimension | undefined)[] = [
  ...(Object.keys(COLUMN_DIMENSIONS) as ColumnDimension[]).map(
    (name): Dimension => ({ kind: 'column', name }),
  ),
  undefined,
];

function breakdownRebuildStatements(): string[] {
  const sums = BREAKDOWN_SUMS.map(({ name }) => name).join(', ');
  const daily = { where: EVERYTHING, bucketMs: BREAKDOWN_BUCKET_MS };
  const metrics = Object.keys(LATENCY_METRICS) as LatencyMetric[];
  const bins = (
    dimension: Dimension | undefined,
    histogram: 'values' | 'group',
  ) =>
    metrics.map((metric) =>
      histogramsOfBins(
        breakdownLatencyFromRecords(dimension, metric, daily, histogram).sql,
      ),
    );
  const insert = `INSERT INTO ${BREAKDOWN_TABLE} (bucket_ms, dimension, value, ${sums})`;
  return BREAKDOWN_DIMENSIONS.flatMap((dimension) => [
    `${insert} ${breakdownFromRecords(dimension, daily).sql}`,
    ...(dimension?.kind === 'column' && UNBINNED.includes(dimension.name)
      ? [`${insert} ${noValueFromRecords(dimension.name, daily).sql}`]
      : bins(dimension, 'values')),
    ...bins(dimension, 'group'),
  ]);
}

/**
 * An INSERT of request_breakdown_histogram_daily's rows from `bins`, a SELECT of rows of one
 * bin of binOf each (bucket_ms, dimension, value, metric, bin_ms, requests, min_ms, max_ms): each counted in
 * the column of the sixteenth of its octave that it lies in.
 */
function histogramsOfBins(bins: string): string {
  const place = histogramPlaceSql('bin_ms');
  const counts = HISTOGRAM_COUNTS.map(
    (column, i) =>
      `SUM(CASE WHEN sixteenth = ${i} THEN requests ELSE 0 END) AS ${column}`,
  );
  return `INSERT INTO ${BREAKDOWN_HISTOGRAM_TABLE} (bucket_ms, dimension, value, metric, octave_ms, min_ms, max_ms, ${HISTOGRAM_COUNTS.join(', ')})
    SELECT bucket_ms, dimension, value, metric, octave_ms, MIN(min_ms), MAX(max_ms), ${counts.join(', ')}
    FROM (SELECT bucket_ms, dimension, value, metric, requests, min_ms, max_ms, ${place.octave} AS octave_ms,
        ${place.index} AS sixteenth
      FROM (${bins}) fine) placed
    GROUP BY bucket_ms, dimension, value, metric, octave_ms`;
}

/** Derives the rollup tables again from every record, in one transaction. */
export function rebuildRollups(dataSource: DataSource): Promise<void> {
  return runInTransaction(
    dataSource,
    rollupRebuildStatements().map((sql) => ({ sql, params: [] })),
  );
}
