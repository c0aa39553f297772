import { BREAKDOWN_TABLE_COLUMNS } from '../entities/request-breakdown-daily.entity';
import {
  BINS_PER_OCTAVE,
  BREAKDOWN_HISTOGRAM_TABLE_COLUMNS,
  LAST_OCTAVE_MS,
  type HistogramRow,
} from '../entities/request-breakdown-histogram-daily.entity';
import type { RequestRecordInput } from '../records/request-record.types';
import type { Dialect } from '../sql/dialect';
import type { SqlStatement, SqlValue } from '../sql/sql-types';
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
import { upsertTable, upsertValues } from './upsert-statement';

const SUMS = upsertTable(BREAKDOWN_TABLE, BREAKDOWN_TABLE_COLUMNS);
const HISTOGRAMS = upsertTable<HistogramRow>(
  BREAKDOWN_HISTOGRAM_TABLE,
  BREAKDOWN_HISTOGRAM_TABLE_COLUMNS,
  { min_ms: 'min', max_ms: 'max' },
);
/** Where a histogram's least and greatest value sit in its counts array, after the bins. */
const MIN = BINS_PER_OCTAVE;
const MAX = BINS_PER_OCTAVE + 1;

const METRICS = Object.keys(LATENCY_METRICS) as LatencyMetric[];
/** Above any octave: octaves of the second metric are keyed past the first's. */
const METRIC_STRIDE = 2 * LAST_OCTAVE_MS;

/**
 * One (dimension, value, day) of a batch: its sums in BREAKDOWN_SUMS order, and its histogram
 * rows' counts keyed by metric and octave (`metric index * METRIC_STRIDE + octave`), each
 * followed by the least and greatest value counted.
 */
interface Place {
  sums: number[] | null;
  histograms: Map<number, number[]> | null;
}

/** A batch's places: by dimension, then value, then day, so no key string is built per record. */
type Places = Map<string, Map<string, Map<number, Place>>>;

/**
 * The breakdown rollups' rows a batch adds to: one upsert row per (dimension, value, day) and
 * one per octave of a histogram there, however many records of the batch share it, so that ten
 * thousand users cost a batch no more rows than it has records. On the writer's path: sums and
 * counts are kept in arrays and become the statements' parameters as they are, since objects
 * keyed by column names cost several times as much to fill.
 */
export function breakdownUpserts(
  records: RequestRecordInput[],
  dialect: Dialect,
): SqlStatement[] {
  const places: Places = new Map();
  const latencies: Latency[] = [];
  for (const record of records) {
    const day = bucketOf(record.timestamp.getTime(), BREAKDOWN_BUCKET_MS);
    const shares = BREAKDOWN_SUMS.map((sum) => sum.of(record));
    for (let m = 0; m < METRICS.length; m++) {
      const ms = LATENCY_METRICS[METRICS[m]].of(record);
      latencies[m] =
        ms == null ? null : { ms: Math.round(ms), ...histogramPlaceOf(ms) };
    }
    visitPlaces(record, (dimension, value, sums, bins) => {
      const place = placeOf(places, dimension, value, day);
      if (sums) addSums((place.sums ??= emptyCounts(shares.length)), shares);
      if (bins) {
        addLatencies(
          (place.histograms ??= new Map<number, number[]>()),
          latencies,
        );
      }
    });
  }
  return statements(places, dialect);
}

function placeOf(
  places: Places,
  dimension: string,
  value: string,
  day: number,
): Place {
  let values = places.get(dimension);
  if (!values)
    places.set(dimension, (values = new Map<string, Map<number, Place>>()));
  let days = values.get(value);
  if (!days) values.set(value, (days = new Map<number, Place>()));
  let place = days.get(day);
  if (!place) days.set(day, (place = { sums: null, histograms: null }));
  return place;
}

const emptyCounts = (length: number): number[] =>
  new Array<number>(length).fill(0);

/** Whole ms of each latency of the record being counted, beside its place in a histogram. */
type Latency = { ms: number; octave: number; index: number } | null;

function addSums(sums: number[], shares: number[]): void {
  for (let i = 0; i < shares.length; i++) sums[i] += shares[i];
}

function addLatencies(
  histograms: Map<number, number[]>,
  latencies: Latency[],
): void {
  for (let m = 0; m < latencies.length; m++) {
    const latency = latencies[m];
    if (!latency) continue;
    const key = m * METRIC_STRIDE + latency.octave;
    const { ms } = latency;
    let counts = histograms.get(key);
    if (!counts) {
      counts = emptyCounts(BINS_PER_OCTAVE + 2);
      counts[MIN] = ms;
      counts[MAX] = ms;
      histograms.set(key, counts);
    } else {
      if (ms < counts[MIN]) counts[MIN] = ms;
      if (ms > counts[MAX]) counts[MAX] = ms;
    }
    counts[latency.index]++;
  }
}

/** The rows in key order (every writer takes its row locks in the same order). */
function statements(places: Places, dialect: Dialect): SqlStatement[] {
  const sums: SqlValue[] = [];
  const histograms: SqlValue[] = [];
  for (const dimension of [...places.keys()].sort()) {
    const values = places.get(dimension) as Map<string, Map<number, Place>>;
    for (const value of [...values.keys()].sort()) {
      const days = values.get(value) as Map<number, Place>;
      for (const day of [...days.keys()].sort((a, b) => a - b)) {
        const place = days.get(day) as Place;
        if (place.sums) {
          sums.push(dimension, value, day);
          for (const sum of place.sums) sums.push(sum);
        }
        if (place.histograms) {
          pushHistograms(histograms, dimension, value, day, place.histograms);
        }
      }
    }
  }
  return [
    ...upsertValues(SUMS, sums, dialect),
    ...upsertValues(HISTOGRAMS, histograms, dialect),
  ];
}

/** A place's histogram rows, in key order, in HISTOGRAMS' column order. */
function pushHistograms(
  into: SqlValue[],
  dimension: string,
  value: string,
  day: number,
  histograms: Map<number, number[]>,
): void {
  for (const key of [...histograms.keys()].sort((a, b) => a - b)) {
    const counts = histograms.get(key) as number[];
    into.push(
      dimension,
      value,
      day,
      METRICS[Math.floor(key / METRIC_STRIDE)],
      key % METRIC_STRIDE,
      counts[MIN],
      counts[MAX],
    );
    for (let bin = 0; bin < BINS_PER_OCTAVE; bin++) into.push(counts[bin]);
  }
}
