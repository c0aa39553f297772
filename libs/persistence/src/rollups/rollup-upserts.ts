import {
  LATENCY_TABLE_COLUMNS,
  type LatencyRow,
} from '../entities/request-latency-daily.entity';
import {
  TOTALS_TABLE_COLUMNS,
  type TotalsRow,
} from '../entities/request-totals-hourly.entity';
import {
  VALUES_TABLE_COLUMNS,
  type ValuesRow,
} from '../entities/request-values-hourly.entity';
import type { RequestRecordInput } from '../records/request-record.types';
import type { Dialect } from '../sql/dialect';
import type { SqlStatement } from '../sql/sql-types';
import { breakdownUpserts } from './breakdown-upserts';
import { countInBin, upsert, upsertTable } from './upsert-statement';
import { binOf } from './latency-bins';
import { bucketOf } from './rollup-buckets';
import {
  LATENCY_BUCKET_MS,
  LATENCY_METRICS,
  LATENCY_TABLE,
  TOTAL_COLUMNS,
  TOTALS_BUCKET_MS,
  TOTALS_TABLE,
  VALUE_DIMENSIONS,
  VALUES_BUCKET_MS,
  VALUES_TABLE,
  type LatencyMetric,
  type ValueDimension,
} from './rollup-columns';

const TOTALS = upsertTable<TotalsRow>(TOTALS_TABLE, TOTALS_TABLE_COLUMNS);
const VALUES = upsertTable<ValuesRow>(VALUES_TABLE, VALUES_TABLE_COLUMNS);
const LATENCY = upsertTable<LatencyRow>(LATENCY_TABLE, LATENCY_TABLE_COLUMNS, {
  min_ms: 'min',
  max_ms: 'max',
});

/**
 * The rollup rows a batch of records adds to, as upserts. Rows are sorted by key so that two
 * gateways writing the same hour at once take their row locks in the same order on MySQL.
 */
export function rollupUpserts(
  records: RequestRecordInput[],
  dialect: Dialect,
): SqlStatement[] {
  return [
    ...upsert(TOTALS, totals(records), dialect),
    ...upsert(VALUES, values(records), dialect),
    ...upsert(LATENCY, latency(records), dialect),
    ...breakdownUpserts(records, dialect),
  ];
}

function emptyTotals(bucket: number, streaming: number): TotalsRow {
  const row = { bucket_ms: bucket, is_streaming: streaming } as TotalsRow;
  for (const { name } of TOTAL_COLUMNS) row[name] = 0;
  return row;
}

function totals(records: RequestRecordInput[]): Map<string, TotalsRow> {
  const rows = new Map<string, TotalsRow>();
  for (const record of records) {
    const bucket = bucketOf(record.timestamp.getTime(), TOTALS_BUCKET_MS);
    const streaming = record.isStreaming ? 1 : 0;
    const key = `${bucket}:${streaming}`;
    let row = rows.get(key);
    if (!row) {
      row = emptyTotals(bucket, streaming);
      rows.set(key, row);
    }
    for (const column of TOTAL_COLUMNS) row[column.name] += column.of(record);
  }
  return rows;
}

function values(records: RequestRecordInput[]): Map<string, ValuesRow> {
  const rows = new Map<string, ValuesRow>();
  for (const record of records) {
    const bucket = bucketOf(record.timestamp.getTime(), VALUES_BUCKET_MS);
    for (const dimension of Object.keys(VALUE_DIMENSIONS) as ValueDimension[]) {
      const value = VALUE_DIMENSIONS[dimension](record);
      if (value == null) continue;
      const key = `${dimension}:${bucket}:${value}`;
      const row = rows.get(key);
      if (row) row.requests++;
      else rows.set(key, { dimension, bucket_ms: bucket, value, requests: 1 });
    }
  }
  return rows;
}

function latency(records: RequestRecordInput[]): Map<string, LatencyRow> {
  const rows = new Map<string, LatencyRow>();
  for (const record of records) {
    const bucket = bucketOf(record.timestamp.getTime(), LATENCY_BUCKET_MS);
    const streaming = record.isStreaming ? 1 : 0;
    for (const metric of Object.keys(LATENCY_METRICS) as LatencyMetric[]) {
      const value = LATENCY_METRICS[metric].of(record);
      if (value == null) continue;
      const ms = Math.round(value);
      const bin = binOf(ms);
      const key = `${metric}:${bucket}:${streaming}:${bin}`;
      countInBin(rows, key, ms, () => ({
        metric,
        bucket_ms: bucket,
        is_streaming: streaming,
        bin_ms: bin,
        requests: 1,
        min_ms: ms,
        max_ms: ms,
      }));
    }
  }
  return rows;
}
