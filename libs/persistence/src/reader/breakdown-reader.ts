import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DatabaseConnector } from '../database-connector';
import { groupHistogramOf } from '../rollups/breakdown-sources';
import { recordFilter } from '../sql/record-filter';
import type { SqlCondition } from '../sql/sql-types';
import {
  mergeBins,
  percentilesOf,
  subtractBins,
  toHistogramBins,
  type LatencyBin,
} from '../rollups/latency-bins';
import {
  parseDimension,
  type Dimension,
} from '../rollups/breakdown-dimensions';
import {
  noBins,
  readGroupBins,
  readValueBins,
  type ValueBins,
} from '../rollups/breakdown-reads';
import {
  addSums,
  emptySums,
  type BreakdownSums,
} from '../rollups/breakdown-sum-reads';
import { mostFirst } from '../rollups/most-first';
import { splitWindow, type SplitWindow } from '../rollups/rollup-buckets';
import {
  BREAKDOWN_BUCKET_MS,
  LATENCY_BUCKET_MS,
  NANO_PER_USD,
  type LatencyMetric,
} from '../rollups/rollup-columns';
import { readLatencyBins } from '../rollups/rollup-reads';
import type {
  Breakdown,
  BreakdownFigures,
  BreakdownQuery,
  BreakdownSort,
} from '../records/breakdown.types';
import type { TimeWindow } from '../records/record-query.types';
import { average } from '../sql/numbers';
import { readNoneSums, readShownSums, readValueSums } from './breakdown-sums';
import { readTotals } from './totals-reader';

type Entry = [value: string, sums: BreakdownSums];

/**
 * One row per value of a dimension over a window, from the daily breakdown rollups and the
 * records of the window's ragged ends. `none` sums the records without a value (see
 * readNoneSums), `other` every record less `none` and the shown rows; neither needs a read of
 * every value's histogram: `other` is the dimension's histogram over all values less the shown
 * rows', `none` the histogram of every record less the dimension's.
 */
@Injectable()
export class BreakdownReader {
  constructor(private readonly connector: DatabaseConnector) {}

  async breakdown(query: BreakdownQuery): Promise<Breakdown> {
    const dimension = parseDimension(query.by);
    if (!dimension) throw new Error(`${query.by} is not a breakdown dimension`);
    const db = await this.connector.get();
    const split = splitWindow(query.window, BREAKDOWN_BUCKET_MS);
    const scope = { split, window: recordFilter(query.window) };
    const [values, totals, everyBins] = await Promise.all([
      readValueSums(db, dimension, split, query.sort),
      readTotals(db, query.window),
      // Ranking by a percentile needs every value's histogram; the others, the shown rows'.
      query.sort === 'p95_response_time_ms'
        ? readValueBins(db, dimension, scope)
        : undefined,
    ]);
    const ranked = rank([...values.ranking], query.sort, everyBins);
    const shown = (
      query.value === undefined
        ? ranked.slice(0, query.top)
        : ranked.filter(([value]) => value === query.value)
    ).map(([value]) => value);
    const [sums, none, bins] = await Promise.all([
      readShownSums(db, dimension, values, split, shown),
      readNoneSums(db, split, totals.all, values),
      readShownBins(db, dimension, scope, query.window, { shown, everyBins }),
    ]);
    const rows = shown.map((v): Entry => [v, sums.get(v) ?? emptySums()]);
    const hasOther = query.value === undefined && ranked.length > shown.length;
    return {
      distinctValues: ranked.length,
      rows: rows.map(([value, row]) =>
        figures(value, row, bins.rows.get(value) ?? noBins()),
      ),
      other: hasOther ? otherRow(totals.all, none, rows, bins) : null,
      none: none.requests === 0 ? null : figures(null, none, bins.none),
    };
  }
}

interface ShownBins {
  rows: Map<string, ValueBins>;
  /** The records with any value of the dimension. */
  any: ValueBins;
  /** The records without a value. */
  none: ValueBins;
}

async function readShownBins(
  db: DataSource,
  dimension: Dimension,
  scope: { split: SplitWindow; window: SqlCondition },
  window: TimeWindow,
  { shown, everyBins }: { shown: string[]; everyBins?: Map<string, ValueBins> },
): Promise<ShownBins> {
  const group = groupHistogramOf(dimension, scope.split.edges);
  const [every, kept, all] = await Promise.all([
    everyBins ?? readValueBins(db, dimension, scope, shown),
    readGroupBins(db, group.name, scope.split, group.fromRecords),
    readLatencyBins(db, splitWindow(window, LATENCY_BUCKET_MS), {}),
  ]);
  // In the breakdown histograms' bins, as every histogram read for a breakdown is.
  const whole = eachMetric((metric) =>
    toHistogramBins(all.filter((bin) => bin.metric === metric)),
  );
  const rest = eachMetric((metric) =>
    subtractBins(whole[metric], kept[metric]),
  );
  const rows = new Map(
    shown.map((value) => [value, every.get(value) ?? noBins()]),
  );
  return {
    rows,
    any: group.holds === 'any' ? kept : rest,
    none: group.holds === 'none' ? kept : rest,
  };
}

/** Most first by the sort, ties by value in byte order. */
function rank(
  entries: Entry[],
  sort: BreakdownSort,
  everyBins?: Map<string, ValueBins>,
): Entry[] {
  const keyOf: Record<BreakdownSort, (entry: Entry) => number> = {
    requests: ([, sums]) => sums.requests,
    tokens: ([, sums]) => sums.total_tokens,
    cost: ([, sums]) => sums.cost_nano_usd,
    p95_response_time_ms: ([value]) =>
      percentilesOf(everyBins?.get(value)?.rt ?? [], [0.95])[0] ?? 0,
  };
  return mostFirst(entries, keyOf[sort], ([value]) => value);
}

/** Every record of the window less those without a value and the shown rows'. */
function otherRow(
  totals: BreakdownSums,
  none: BreakdownSums,
  shown: Entry[],
  bins: ShownBins,
): BreakdownFigures {
  const sums = emptySums();
  addSums(sums, totals);
  addSums(sums, none, -1);
  for (const [, row] of shown) addSums(sums, row, -1);
  const shownBins = [...bins.rows.values()];
  return figures(
    null,
    sums,
    eachMetric((metric) =>
      subtractBins(
        bins.any[metric],
        mergeBins(shownBins.map((row) => row[metric])),
      ),
    ),
  );
}

function eachMetric(of: (metric: LatencyMetric) => LatencyBin[]): ValueBins {
  const bins = noBins();
  for (const metric of Object.keys(bins) as LatencyMetric[]) {
    bins[metric] = of(metric);
  }
  return bins;
}

function figures(
  value: string | null,
  sums: BreakdownSums,
  bins: ValueBins,
): BreakdownFigures {
  const [p50Rt, p95Rt] = percentilesOf(bins.rt, [0.5, 0.95]);
  const [p50Ttft, p95Ttft] = percentilesOf(bins.ttft, [0.5, 0.95]);
  return {
    value,
    requests: sums.requests,
    failedRequests: sums.requests - sums.successful,
    promptTokens: sums.prompt_tokens,
    completionTokens: sums.completion_tokens,
    totalTokens: sums.total_tokens,
    costUsd: sums.cost_nano_usd / NANO_PER_USD,
    pricedRequests: sums.priced_requests,
    unpricedRequests: sums.unpriced_requests,
    avgResponseTimeMs:
      average(sums.response_time_sum, sums.response_time_n) ?? 0,
    p50ResponseTimeMs: p50Rt ?? 0,
    p95ResponseTimeMs: p95Rt ?? 0,
    avgTimeToFirstTokenMs: average(sums.ttft_sum, sums.ttft_n) ?? 0,
    p50TimeToFirstTokenMs: p50Ttft ?? 0,
    p95TimeToFirstTokenMs: p95Ttft ?? 0,
    avgTokensPerSecond: average(sums.tps_sum, sums.tps_n) ?? 0,
  };
}
