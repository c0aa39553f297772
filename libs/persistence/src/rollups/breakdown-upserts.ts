import {
  BREAKDOWN_TABLE_COLUMNS,
  type BreakdownRow,
} from '../entities/request-breakdown-daily.entity';
import {
  BREAKDOWN_HISTOGRAM_TABLE_COLUMNS,
  HISTOGRAM_COUNTS,
  LAST_OCTAVE_MS,
  type HistogramRow,
} from '../entities/request-breakdown-histogram-daily.entity';
import type { RequestRecordInput } from '../records/request-record.types';
import type { Dialect } from '../sql/dialect';
import type { SqlStatement } from '../sql/sql-types';
import { BREAKDOWN_SUMS, visitPlaces } from './breakdown-dimensions';
import { histogramPlaceOf } from './latency-bins';
import { bucketOf } from './rollup-buckets';
import {
  BREAKDOWN_BUCKET_MS,
  BREAKDOWN_HISTOGRAM_TABLE,
  BREAKDOWN_TABLE,
  LATENCY_METRICS,
  type LatencyMetric,
} from './rollup-columns';
import { upsertInOrder, upsertTable } from './upsert-statement';

const SUMS = upsertTable<BreakdownRow>(
  BREAKDOWN_TABLE,
  BREAKDOWN_TABLE_COLUMNS,
);
const HISTOGRAMS = upsertTable<HistogramRow>(
  BREAKDOWN_HISTOGRAM_TABLE,
  BREAKDOWN_HISTOGRAM_TABLE_COLUMNS,
);

const METRICS = Object.keys(LATENCY_METRICS) as LatencyMetric[];
const SUM_NAMES = BREAKDOWN_SUMS.map(({ name }) => name);

/** One (dimension, value, day) of a batch: its sum row, and its histogram row per metric. */
interface Place {
  dimension: string;
  value: string;
  day: number;
  sums?: BreakdownRow;
  /** Keyed by metric and octave (see histogramKey). */
  histograms?: Map<number, HistogramRow>;
}

/** A record's latencies, each as its octave and sixteenth there; null where it has none. */
type Latency = { octave: number; index: number } | null;

/** Above any octave: octaves of the second metric are keyed past the first's. */
const METRIC_STRIDE = 2 * LAST_OCTAVE_MS;

/**
 * The breakdown rollups' rows a batch adds to: one upsert row per (dimension, value, day) and
 * one per histogram there, however many records of the batch share it, so that ten thousand
 * users cost a batch no more rows than it has records. On the writer's path, so keyed by one
 * string per place and bin columns worked out once per record.
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
      return value == null ? null : histogramPlaceOf(value);
    });
    visitPlaces(record, (dimension, value, sums, bins) => {
      const key = `${dimension}\u0000${value}\u0000${day}`;
      let place = places.get(key);
      if (!place) places.set(key, (place = { dimension, value, day }));
      if (sums) addSums(place, shares);
      if (bins) addLatencies(place, latencies);
    });
  }
  return statements(places, dialect);
}

function statements(
  places: Map<string, Place>,
  dialect: Dialect,
): SqlStatement[] {
  const sums: BreakdownRow[] = [];
  const histograms: HistogramRow[] = [];
  for (const key of [...places.keys()].sort()) {
    const place = places.get(key) as Place;
    if (place.sums) sums.push(place.sums);
    if (place.histograms) {
      // Every writer locks a place's rows in the same order.
      for (const key of [...place.histograms.keys()].sort((a, b) => a - b)) {
        histograms.push(place.histograms.get(key) as HistogramRow);
      }
    }
  }
  return [
    ...upsertInOrder(SUMS, sums, dialect),
    ...upsertInOrder(HISTOGRAMS, histograms, dialect),
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

function addLatencies(place: Place, latencies: Latency[]): void {
  const rows = (place.histograms ??= new Map<number, HistogramRow>());
  for (let index = 0; index < latencies.length; index++) {
    const latency = latencies[index];
    if (!latency) continue;
    const key = index * METRIC_STRIDE + latency.octave;
    let row = rows.get(key);
    if (!row) {
      row = {
        dimension: place.dimension,
        value: place.value,
        bucket_ms: place.day,
        metric: METRICS[index],
        octave_ms: latency.octave,
      } as HistogramRow;
      for (const count of HISTOGRAM_COUNTS) row[count] = 0;
      rows.set(key, row);
    }
    row[HISTOGRAM_COUNTS[latency.index]]++;
  }
}
