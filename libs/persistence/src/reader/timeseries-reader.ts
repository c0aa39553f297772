import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DatabaseConnector } from '../database-connector';
import { percentilesOf, type LatencyBin } from '../rollups/latency-bins';
import {
  HOUR_MS,
  splitWindow,
  type SplitWindow,
} from '../rollups/rollup-buckets';
import {
  LATENCY_BUCKET_MS,
  NANO_PER_USD,
  TOTALS_BUCKET_MS,
} from '../rollups/rollup-columns';
import { readLatencyBins, readTotalRows } from '../rollups/rollup-reads';
import { exactBucketPercentiles } from './exact-bucket-percentiles';
import { filteredSeries, type SeriesRows } from './filtered-timeseries';
import type { SeriesFilter } from '../records/breakdown.types';
import type { TimeWindow } from '../records/record-query.types';
import { average, toNumberOrNull } from '../sql/numbers';
import { recordFilter } from '../sql/record-filter';
import { NOTHING } from '../sql/sql-types';
import type { BucketPercentiles, TimeseriesBucket } from './timeseries.types';

type Row = Record<string, unknown>;

/**
 * Per-bucket figures for charts over time. Buckets that are whole hours (or days) are summed
 * from the hourly totals (and the daily latency histograms), with the window's ragged ends
 * read from the records; shorter buckets are read from the records. Percentiles are
 * nearest-rank: over histogram bins, as for /metrics, in buckets of an hour or more; exact in
 * shorter ones.
 */
@Injectable()
export class TimeseriesReader {
  constructor(private readonly connector: DatabaseConnector) {}

  /**
   * The buckets of the window that hold requests, oldest first; empty ones are absent. With
   * `only`, the buckets count only the records of that value (see filtered-timeseries.ts).
   */
  async buckets(
    window: TimeWindow,
    bucketMs: number,
    only?: SeriesFilter,
  ): Promise<TimeseriesBucket[]> {
    const db = await this.connector.get();
    const { totals, latencies } = only
      ? await filteredSeries(db, window, bucketMs, only)
      : await allSeries(db, window, bucketMs);
    const none: BucketPercentiles = { p50: null, p95: null };
    return totals.map((row) => {
      const startMs = toNumberOrNull(row.bucket_ms) ?? 0;
      const sum = (name: string) => toNumberOrNull(row[name]) ?? 0;
      return {
        startMs,
        totalRequests: sum('requests'),
        successfulRequests: sum('successful'),
        failedRequests: sum('requests') - sum('successful'),
        totalTokens: sum('total_tokens'),
        promptTokens: sum('prompt_tokens'),
        completionTokens: sum('completion_tokens'),
        avgTokensPerSecond: average(sum('tps_sum'), sum('tps_n')),
        avgResponseTimeMs: average(
          sum('response_time_sum'),
          sum('response_time_n'),
        ),
        responseTimeMs: latencies.get(`rt:${startMs}`) ?? none,
        avgTimeToFirstTokenMs: average(sum('ttft_sum'), sum('ttft_n')),
        timeToFirstTokenMs: latencies.get(`ttft:${startMs}`) ?? none,
        costUsd: sum('cost_nano_usd') / NANO_PER_USD,
        unpricedRequests: sum('unpriced_requests'),
      };
    });
  }

  /** Arrival of the earliest request of the window; null when it holds none. */
  async earliest(window: TimeWindow): Promise<Date | null> {
    const db = await this.connector.get();
    const where = recordFilter(window);
    const [row] = await db.query<Row[]>(
      `SELECT MIN(timestamp_ms) AS earliest FROM request_records WHERE ${where.sql}`,
      where.params,
    );
    const earliest = toNumberOrNull(row.earliest);
    return earliest === null ? null : new Date(earliest);
  }
}

/** Every record's buckets: from the hourly totals and daily histograms where they serve. */
async function allSeries(
  db: DataSource,
  window: TimeWindow,
  bucketMs: number,
): Promise<SeriesRows> {
  const [totals, latencies] = await Promise.all([
    readTotalRows(db, splitFor(window, bucketMs, TOTALS_BUCKET_MS), {
      bucketMs,
    }),
    bucketMs % HOUR_MS === 0
      ? histogramPercentiles(db, window, bucketMs)
      : exactBucketPercentiles(db, window, bucketMs),
  ]);
  return { totals, latencies };
}

/** The rollup serves buckets made of its own; otherwise every row comes from the records. */
function splitFor(
  window: TimeWindow,
  bucketMs: number,
  rollupMs: number,
): SplitWindow {
  if (bucketMs % rollupMs === 0) return splitWindow(window, rollupMs);
  return { buckets: NOTHING, edges: recordFilter(window) };
}

/** p50 and p95 per chart bucket and latency, keyed `metric:startMs`, from histogram bins. */
async function histogramPercentiles(
  db: DataSource,
  window: TimeWindow,
  bucketMs: number,
): Promise<Map<string, BucketPercentiles>> {
  const split = splitFor(window, bucketMs, LATENCY_BUCKET_MS);
  const bins = new Map<string, LatencyBin[]>();
  for (const bin of await readLatencyBins(db, split, { bucketMs })) {
    const key = `${bin.metric}:${bin.startMs}`;
    const list = bins.get(key);
    if (list) list.push(bin);
    else bins.set(key, [bin]);
  }
  return new Map(
    [...bins].map(([key, list]) => {
      const [p50, p95] = percentilesOf(list, [0.5, 0.95]);
      return [key, { p50, p95 }];
    }),
  );
}
