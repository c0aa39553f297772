import type { DataSource } from 'typeorm';
import { EVERYTHING } from '../sql/sql-types';
import { runInTransaction } from '../sql/transaction';
import {
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
  ];
}

/** Derives the rollup tables again from every record, in one transaction. */
export function rebuildRollups(dataSource: DataSource): Promise<void> {
  return runInTransaction(
    dataSource,
    rollupRebuildStatements().map((sql) => ({ sql, params: [] })),
  );
}
