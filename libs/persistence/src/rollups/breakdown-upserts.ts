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
import { BREAKDOWN_SUMS, visitPlaces } from './breakdown-dimensions';
import { binOf } from './latency-bins';
import { bucketOf } from './rollup-buckets';
import {
  BREAKDOWN_BUCKET_MS,
  BREAKDOWN_LATENCY_TABLE,
  BREAKDOWN_TABLE,
  LATENCY_METRICS,
  type LatencyMetric,
} from './rollup-columns';
import { countInBin, upsertInOrder, upsertTable } from './upsert-statement';

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
const SUM_NAMES = BREAKDOWN_SUMS.map(({ name }) => name);
/** Above any bin (INT milliseconds): bins of the second metric are keyed past the first's. */
const METRIC_STRIDE = 2 ** 32;

/** One (dimension, value, day) of a batch: its sum row, and its bins keyed by metric and bound. */
interface Place {
  dimension: string;
  value: string;
  day: number;
  sums?: BreakdownRow;
  bins?: Map<number, BreakdownLatencyRow>;
}

/** A record's latencies, each as whole milliseconds and its bin; null where it has none. */
type Latency = { ms: number; bin: number } | null;

/**
 * The breakdown rollups' rows a batch adds to: one upsert row per (dimension, value, day) and
 * per histogram bin, however many records of the batch share it, so that ten thousand users
 * cost a batch no more rows than it has records. On the writer's path, so keyed by one string
 * per place and numbers below it.
 */
export function breakdownUpserts(
  records: RequestRecordInput[],
  dialect: Dialect,
): SqlStatement[] {
  const places = new Map<string, Place>();
  for (const record of records) {
    const day = bucketOf(record.timestamp.getTime(), BREAKDOWN_BUCKET_MS);
    const shares = BREAKDOWN_SUMS.map((sum) => sum.of(record));
    const latencies = METRICS.map((metric): Latency => {
      const value = LATENCY_METRICS[metric].of(record);
      if (value == null) return null;
      const ms = Math.round(value);
      return { ms, bin: binOf(ms) };
    });
    visitPlaces(record, (dimension, value, sums, bins) => {
      const key = `${dimension}\u0000${value}\u0000${day}`;
      let place = places.get(key);
      if (!place) places.set(key, (place = { dimension, value, day }));
      if (sums) addSums(place, shares);
      if (bins) addBins(place, latencies);
    });
  }
  return statements(places, dialect);
}

function statements(
  places: Map<string, Place>,
  dialect: Dialect,
): SqlStatement[] {
  const sums: BreakdownRow[] = [];
  const bins: BreakdownLatencyRow[] = [];
  for (const key of [...places.keys()].sort()) {
    const place = places.get(key) as Place;
    if (place.sums) sums.push(place.sums);
    if (place.bins) {
      for (const bin of [...place.bins.keys()].sort((a, b) => a - b)) {
        bins.push(place.bins.get(bin) as BreakdownLatencyRow);
      }
    }
  }
  return [
    ...upsertInOrder(SUMS, sums, dialect),
    ...upsertInOrder(BINS, bins, dialect),
  ];
}

function addSums(place: Place, shares: number[]): void {
  let row = place.sums;
  if (!row) {
    row = {
      dimension: place.dimension,
      value: place.value,
      bucket_ms: place.day,
    } as BreakdownRow;
    for (const { name } of BREAKDOWN_SUMS) row[name] = 0;
    place.sums = row;
  }
  for (let i = 0; i < SUM_NAMES.length; i++) row[SUM_NAMES[i]] += shares[i];
}

function addBins(place: Place, latencies: Latency[]): void {
  const rows = (place.bins ??= new Map());
  for (let index = 0; index < latencies.length; index++) {
    const latency = latencies[index];
    if (!latency) continue;
    const { ms, bin } = latency;
    countInBin(rows, index * METRIC_STRIDE + bin, ms, () => ({
      dimension: place.dimension,
      value: place.value,
      bucket_ms: place.day,
      metric: METRICS[index],
      bin_ms: bin,
      requests: 1,
      min_ms: ms,
      max_ms: ms,
    }));
  }
}
