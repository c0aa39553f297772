import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DatabaseConnector } from '../database-connector';
import { valueAtRank, type LatencyBin } from '../rollups/latency-bins';
import {
  HOUR_MS,
  NOTHING,
  recordsIn,
  splitWindow,
  type SplitWindow,
} from '../rollups/rollup-buckets';
import {
  LATENCY_BUCKET_MS,
  LATENCY_METRICS,
  LATENCY_TABLE,
  TOTAL_COLUMNS,
  TOTALS_BUCKET_MS,
  TOTALS_TABLE,
  type LatencyMetric,
} from '../rollups/rollup-columns';
import {
  latencyFromRecords,
  totalsFromRecords,
} from '../rollups/rollup-sources';
import { exactBucketPercentiles } from './exact-bucket-percentiles';
import type { TimeWindow } from './record-query.types';
import { toNumberOrNull, whereClause } from './sql-filter';
import type { BucketPercentiles, TimeseriesBucket } from './timeseries.types';
import { average } from './totals-reader';

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

  /** The buckets of the window that hold requests, oldest first; empty ones are absent. */
  async buckets(
    window: TimeWindow,
    bucketMs: number,
  ): Promise<TimeseriesBucket[]> {
    const db = await this.connector.get();
    const [totals, latencies] = await Promise.all([
      bucketTotals(db, window, bucketMs),
      bucketMs % HOUR_MS === 0
        ? histogramPercentiles(db, window, bucketMs)
        : exactBucketPercentiles(db, window, bucketMs),
    ]);
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
      };
    });
  }

  /** Arrival of the earliest request of the window; null when it holds none. */
  async earliest(window: TimeWindow): Promise<Date | null> {
    const db = await this.connector.get();
    const where = whereClause(window);
    const [row] = await db.query<Row[]>(
      `SELECT MIN(timestamp_ms) AS earliest FROM request_records ${where.sql}`,
      where.params,
    );
    const earliest = toNumberOrNull(row.earliest);
    return earliest === null ? null : new Date(earliest);
  }
}

/** The rollup serves buckets made of its own; otherwise every row comes from the records. */
function split(
  window: TimeWindow,
  bucketMs: number,
  rollupMs: number,
): SplitWindow {
  if (bucketMs % rollupMs === 0) return splitWindow(window, rollupMs);
  return { buckets: NOTHING, edges: recordsIn(window) };
}

/** Requests of a rollup bucket counted in the chart bucket that holds it. */
const regrouped = (bucketMs: number) =>
  `(bucket_ms - bucket_ms % ${bucketMs}) AS bucket_ms`;

async function bucketTotals(
  db: DataSource,
  window: TimeWindow,
  bucketMs: number,
): Promise<Row[]> {
  const { buckets, edges } = split(window, bucketMs, TOTALS_BUCKET_MS);
  const names = TOTAL_COLUMNS.map(({ name }) => name);
  const fromRecords = totalsFromRecords({ where: edges, bucketMs });
  return db.query<Row[]>(
    `SELECT bucket_ms, ${names.map((n) => `SUM(${n}) AS ${n}`).join(', ')} FROM (
      SELECT ${regrouped(bucketMs)}, ${names.join(', ')} FROM ${TOTALS_TABLE} WHERE ${buckets.sql}
      UNION ALL ${fromRecords.sql}
    ) totals GROUP BY bucket_ms ORDER BY bucket_ms`,
    [...buckets.params, ...fromRecords.params],
  );
}

/** p50 and p95 per chart bucket and latency, keyed `metric:startMs`, from histogram bins. */
async function histogramPercentiles(
  db: DataSource,
  window: TimeWindow,
  bucketMs: number,
): Promise<Map<string, BucketPercentiles>> {
  const { buckets, edges } = split(window, bucketMs, LATENCY_BUCKET_MS);
  const fromRecords = (Object.keys(LATENCY_METRICS) as LatencyMetric[]).map(
    (metric) => latencyFromRecords(metric, { where: edges, bucketMs }),
  );
  const rows = await db.query<Row[]>(
    `SELECT bucket_ms, metric, bin_ms, SUM(requests) AS requests,
      MIN(min_ms) AS min_ms, MAX(max_ms) AS max_ms FROM (
      SELECT ${regrouped(bucketMs)}, metric, bin_ms, requests, min_ms, max_ms
      FROM ${LATENCY_TABLE} WHERE ${buckets.sql}
      ${fromRecords.map(({ sql }) => `UNION ALL ${sql}`).join(' ')}
    ) bins GROUP BY bucket_ms, metric, bin_ms ORDER BY bin_ms`,
    [...buckets.params, ...fromRecords.flatMap(({ params }) => params)],
  );
  const bins = new Map<string, LatencyBin[]>();
  for (const row of rows) {
    const key = `${String(row.metric)}:${toNumberOrNull(row.bucket_ms) ?? 0}`;
    const list = bins.get(key) ?? [];
    list.push({
      lowerMs: Number(row.bin_ms),
      count: toNumberOrNull(row.requests) ?? 0,
      minMs: Number(row.min_ms),
      maxMs: Number(row.max_ms),
    });
    bins.set(key, list);
  }
  return new Map([...bins].map(([key, list]) => [key, percentiles(list)]));
}

function percentiles(bins: LatencyBin[]): BucketPercentiles {
  const n = bins.reduce((sum, bin) => sum + bin.count, 0);
  const at = (p: number) =>
    n === 0 ? null : valueAtRank(bins, Math.max(1, Math.ceil(p * n)));
  return { p50: at(0.5), p95: at(0.95) };
}
