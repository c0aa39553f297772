import type { DataSource } from 'typeorm';
import { splitWindow } from '../rollups/rollup-buckets';
import { valueAtRank, type LatencyBin } from '../rollups/latency-bins';
import {
  LATENCY_BUCKET_MS,
  LATENCY_METRICS,
  LATENCY_TABLE,
  type LatencyMetric,
} from '../rollups/rollup-columns';
import { latencyFromRecords } from '../rollups/rollup-sources';
import type {
  LatencySummary,
  Percentiles,
  TimeWindow,
} from './record-query.types';
import { toNumberOrNull } from './sql-filter';
import { average, type TotalsByKind } from './totals-reader';

const RANKS = [0.5, 0.95, 0.99];

type Group = keyof TotalsByKind;
type Row = Record<string, unknown>;

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
  const bins = await readBins(db, window);
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

interface BinRow extends LatencyBin {
  metric: LatencyMetric;
  streaming: boolean;
}

async function readBins(db: DataSource, window: TimeWindow): Promise<BinRow[]> {
  const { buckets, edges } = splitWindow(window, LATENCY_BUCKET_MS);
  const fromRecords = (Object.keys(LATENCY_METRICS) as LatencyMetric[]).map(
    (metric) => latencyFromRecords(metric, { where: edges, byKind: true }),
  );
  const columns = 'is_streaming, metric, bin_ms, requests, min_ms, max_ms';
  const rows = await db.query<Row[]>(
    `SELECT metric, is_streaming, bin_ms, SUM(requests) AS requests,
      MIN(min_ms) AS min_ms, MAX(max_ms) AS max_ms FROM (
      SELECT ${columns} FROM ${LATENCY_TABLE} WHERE ${buckets.sql}
      ${fromRecords.map(({ sql }) => `UNION ALL ${sql}`).join(' ')}
    ) bins GROUP BY metric, is_streaming, bin_ms ORDER BY bin_ms`,
    [...buckets.params, ...fromRecords.flatMap(({ params }) => params)],
  );
  return rows.map((row) => ({
    metric: String(row.metric) as LatencyMetric,
    streaming: Number(row.is_streaming) === 1,
    lowerMs: Number(row.bin_ms),
    count: toNumberOrNull(row.requests) ?? 0,
    minMs: Number(row.min_ms),
    maxMs: Number(row.max_ms),
  }));
}

function percentiles(
  rows: BinRow[],
  metric: LatencyMetric,
  group: Group,
): Percentiles {
  const bins = mergeKinds(
    rows.filter(
      (row) =>
        row.metric === metric &&
        (group === 'all' || row.streaming === (group === 'streaming')),
    ),
  );
  const n = bins.reduce((sum, bin) => sum + bin.count, 0);
  const [p50, p95, p99] = RANKS.map((p) =>
    n === 0 ? null : valueAtRank(bins, Math.max(1, Math.ceil(p * n))),
  );
  return { p50, p95, p99 };
}

/** Streamed and non-streamed bins of the same bound as one (rows arrive sorted by bound). */
function mergeKinds(rows: BinRow[]): LatencyBin[] {
  const merged: LatencyBin[] = [];
  for (const row of rows) {
    const last = merged[merged.length - 1];
    if (last?.lowerMs === row.lowerMs) {
      last.count += row.count;
      last.minMs = Math.min(last.minMs, row.minMs);
      last.maxMs = Math.max(last.maxMs, row.maxMs);
    } else {
      merged.push({
        lowerMs: row.lowerMs,
        count: row.count,
        minMs: row.minMs,
        maxMs: row.maxMs,
      });
    }
  }
  return merged;
}
