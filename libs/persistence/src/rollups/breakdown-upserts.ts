import {
  BREAKDOWN_TABLE_COLUMNS,
  type BreakdownRow,
} from '../entities/request-breakdown-daily.entity';
import {
  BREAKDOWN_LATENCY_TABLE_COLUMNS,
  type BreakdownLatencyRow,
} from '../entities/request-breakdown-latency-daily.entity';
import type { RequestRecordInput } from '../records/request-record.types';
import type { Dialect } from '../sql/dialect';
import type { SqlStatement } from '../sql/sql-types';
import {
  anyOf,
  BREAKDOWN_SUMS,
  dimensionValuesOf,
} from './breakdown-dimensions';
import { binOf } from './latency-bins';
import { bucketOf } from './rollup-buckets';
import {
  BREAKDOWN_BUCKET_MS,
  BREAKDOWN_LATENCY_TABLE,
  BREAKDOWN_TABLE,
  LATENCY_METRICS,
  type LatencyMetric,
} from './rollup-columns';
import { countInBin, upsert, upsertTable } from './upsert-statement';

const SUMS = upsertTable<BreakdownRow>(
  BREAKDOWN_TABLE,
  BREAKDOWN_TABLE_COLUMNS,
);
const BINS = upsertTable<BreakdownLatencyRow>(
  BREAKDOWN_LATENCY_TABLE,
  BREAKDOWN_LATENCY_TABLE_COLUMNS,
  { min_ms: 'min', max_ms: 'max' },
);

const METRICS = Object.keys(LATENCY_METRICS) as LatencyMetric[];

/**
 * The breakdown rollups' rows a batch adds to: one upsert row per (dimension, value, day) and
 * per histogram bin, however many records of the batch share it, so that ten thousand users
 * cost a batch no more rows than it has records.
 */
export function breakdownUpserts(
  records: RequestRecordInput[],
  dialect: Dialect,
): (SqlStatement | null)[] {
  const sums = new Map<string, BreakdownRow>();
  const bins = new Map<string, BreakdownLatencyRow>();
  for (const record of records) {
    const day = bucketOf(record.timestamp.getTime(), BREAKDOWN_BUCKET_MS);
    const latencies = METRICS.map((metric) =>
      LATENCY_METRICS[metric].of(record),
    );
    for (const [dimension, value] of dimensionValuesOf(record)) {
      addSums(sums, record, dimension, value, day);
      addBins(bins, latencies, dimension, value, day);
      addBins(bins, latencies, anyOf(dimension), '', day);
    }
  }
  return [upsert(SUMS, sums, dialect), upsert(BINS, bins, dialect)];
}

function addSums(
  rows: Map<string, BreakdownRow>,
  record: RequestRecordInput,
  dimension: string,
  value: string,
  day: number,
): void {
  const key = `${dimension}\u0000${value}\u0000${day}`;
  let row = rows.get(key);
  if (!row) {
    row = { dimension, value, bucket_ms: day } as BreakdownRow;
    for (const { name } of BREAKDOWN_SUMS) row[name] = 0;
    rows.set(key, row);
  }
  for (const sum of BREAKDOWN_SUMS) row[sum.name] += sum.of(record);
}

function addBins(
  rows: Map<string, BreakdownLatencyRow>,
  latencies: (number | null)[],
  dimension: string,
  value: string,
  day: number,
): void {
  METRICS.forEach((metric, index) => {
    const latency = latencies[index];
    if (latency == null) return;
    const ms = Math.round(latency);
    const bin = binOf(ms);
    const key = `${dimension}\u0000${value}\u0000${day}\u0000${metric}\u0000${bin}`;
    countInBin(rows, key, ms, () => ({
      dimension,
      value,
      bucket_ms: day,
      metric,
      bin_ms: bin,
    }));
  });
}
