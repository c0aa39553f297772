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
import type { SqlStatement, SqlValue } from '../sql/sql-types';
import { breakdownUpserts } from './breakdown-upserts';
import { upsertTable, upsertValues } from './upsert-statement';
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
 * The rollup rows a batch of records adds to, as upserts. Rows go in key order so that two
 * gateways writing the same hour at once take their row locks in the same order on MySQL.
 * Places are kept in nested maps and numbers rather than under a key string per record and
 * row, and become the statements' parameters as they are: this runs on the writer's path.
 */
export function rollupUpserts(
  records: RequestRecordInput[],
  dialect: Dialect,
): SqlStatement[] {
  return [
    ...upsertValues(TOTALS, totals(records), dialect),
    ...upsertValues(VALUES, values(records), dialect),
    ...upsertValues(LATENCY, latency(records), dialect),
    ...breakdownUpserts(records, dialect),
  ];
}

const byNumber = (a: number, b: number) => a - b;

/** Sums per hour and streaming flag: `2 * bucket + flag` keys a row's sums, in TOTAL_COLUMNS order. */
function totals(records: RequestRecordInput[]): SqlValue[] {
  const rows = new Map<number, number[]>();
  for (const record of records) {
    const bucket = bucketOf(record.timestamp.getTime(), TOTALS_BUCKET_MS);
    const key = 2 * bucket + (record.isStreaming ? 1 : 0);
    let sums = rows.get(key);
    if (!sums) rows.set(key, (sums = new Array<number>(TOTALS_ADDED).fill(0)));
    for (let i = 0; i < TOTALS_ADDED; i++)
      sums[i] += TOTAL_COLUMNS[i].of(record);
  }
  const params: SqlValue[] = [];
  for (const key of [...rows.keys()].sort(byNumber)) {
    params.push(Math.floor(key / 2), key % 2);
    for (const sum of rows.get(key) as number[]) params.push(sum);
  }
  return params;
}

const TOTALS_ADDED = TOTAL_COLUMNS.length;
const DIMENSIONS = (Object.keys(VALUE_DIMENSIONS) as ValueDimension[]).sort();

/** Requests per value of each dimension and hour: dimension, then hour, then value. */
function values(records: RequestRecordInput[]): SqlValue[] {
  const counts = DIMENSIONS.map(() => new Map<number, Map<string, number>>());
  for (const record of records) {
    const bucket = bucketOf(record.timestamp.getTime(), VALUES_BUCKET_MS);
    for (let d = 0; d < DIMENSIONS.length; d++) {
      const value = VALUE_DIMENSIONS[DIMENSIONS[d]](record);
      if (value == null) continue;
      let byValue = counts[d].get(bucket);
      if (!byValue)
        counts[d].set(bucket, (byValue = new Map<string, number>()));
      byValue.set(value, (byValue.get(value) ?? 0) + 1);
    }
  }
  const params: SqlValue[] = [];
  counts.forEach((buckets, d) => {
    for (const bucket of [...buckets.keys()].sort(byNumber)) {
      const byValue = buckets.get(bucket) as Map<string, number>;
      for (const value of [...byValue.keys()].sort()) {
        params.push(DIMENSIONS[d], bucket, value, byValue.get(value) as number);
      }
    }
  });
  return params;
}

const METRICS = (Object.keys(LATENCY_METRICS) as LatencyMetric[]).sort();

/**
 * Histogram bins per metric, day and streaming flag (`2 * day bucket + flag`), each bin's
 * [requests, least, greatest].
 */
function latency(records: RequestRecordInput[]): SqlValue[] {
  const bins = METRICS.map(() => new Map<number, Map<number, number[]>>());
  for (const record of records) {
    const bucket = bucketOf(record.timestamp.getTime(), LATENCY_BUCKET_MS);
    const key = 2 * bucket + (record.isStreaming ? 1 : 0);
    for (let m = 0; m < METRICS.length; m++) {
      const value = LATENCY_METRICS[METRICS[m]].of(record);
      if (value == null) continue;
      const ms = Math.round(value);
      let byBin = bins[m].get(key);
      if (!byBin) bins[m].set(key, (byBin = new Map<number, number[]>()));
      const bin = binOf(ms);
      const counted = byBin.get(bin);
      if (!counted) byBin.set(bin, [1, ms, ms]);
      else {
        counted[0]++;
        if (ms < counted[1]) counted[1] = ms;
        if (ms > counted[2]) counted[2] = ms;
      }
    }
  }
  const params: SqlValue[] = [];
  bins.forEach((keys, m) => {
    for (const key of [...keys.keys()].sort(byNumber)) {
      const byBin = keys.get(key) as Map<number, number[]>;
      for (const bin of [...byBin.keys()].sort(byNumber)) {
        const [requests, min, max] = byBin.get(bin) as number[];
        params.push(
          METRICS[m],
          Math.floor(key / 2),
          key % 2,
          bin,
          requests,
          min,
          max,
        );
      }
    }
  });
  return params;
}
