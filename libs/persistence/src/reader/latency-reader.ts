import type { DataSource } from 'typeorm';
import { splitWindow } from '../rollups/rollup-buckets';
import { mergeBins, percentilesOf } from '../rollups/latency-bins';
import {
  LATENCY_BUCKET_MS,
  type LatencyMetric,
} from '../rollups/rollup-columns';
import { readLatencyBins, type GroupedBin } from '../rollups/rollup-reads';
import type {
  LatencySummary,
  Percentiles,
  TimeWindow,
} from '../records/record-query.types';
import { average } from '../sql/numbers';
import type { TotalsByKind } from './totals-reader';

type Group = keyof TotalsByKind;

export type LatencyByGroup = Record<Group, LatencySummary>;

/**
 * Counts, means and percentiles of time to first token and response time, for all requests
 * and for streamed and non-streamed apart. Percentiles are nearest-rank (the smallest value
 * with at least p of the values at or below it) read from the daily histograms plus the
 * records of the window's ragged ends; see latency-bins.ts for how close they are.
 */
export async function readLatency(
  db: DataSource,
  window: TimeWindow,
  totals: TotalsByKind,
): Promise<LatencyByGroup> {
  const bins = await readLatencyBins(
    db,
    splitWindow(window, LATENCY_BUCKET_MS),
    { byKind: true },
  );
  const summary = (group: Group): LatencySummary => ({
    count: totals[group].requests,
    avgTimeToFirstTokenMs: average(
      totals[group].ttft_sum,
      totals[group].ttft_n,
    ),
    timeToFirstTokenMs: percentiles(bins, 'ttft', group),
    avgResponseTimeMs: average(
      totals[group].response_time_sum,
      totals[group].response_time_n,
    ),
    responseTimeMs: percentiles(bins, 'rt', group),
  });
  return {
    all: summary('all'),
    streaming: summary('streaming'),
    nonStreaming: summary('nonStreaming'),
  };
}

function percentiles(
  rows: GroupedBin[],
  metric: LatencyMetric,
  group: Group,
): Percentiles {
  // Streamed and non-streamed bins of the same bound as one.
  const bins = mergeBins([
    rows.filter(
      (row) =>
        row.metric === metric &&
        (group === 'all' || row.streaming === (group === 'streaming')),
    ),
  ]);
  const [p50, p95, p99] = percentilesOf(bins, [0.5, 0.95, 0.99]);
  return { p50, p95, p99 };
}
