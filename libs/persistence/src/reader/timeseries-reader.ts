import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DatabaseConnector } from '../database-connector';
import type { TimeWindow } from './record-query.types';
import {
  round2,
  toNumberOrNull,
  whereClause,
  type SqlCondition,
} from './sql-filter';
import type { BucketPercentiles, TimeseriesBucket } from './timeseries.types';

type Row = Record<string, unknown>;

/**
 * The bucket of a row: its timestamp rounded down to a multiple of the bucket length. Plain
 * integer arithmetic on epoch milliseconds reads the same on SQLite and MySQL, and multiples
 * of a minute, an hour or a day are UTC minute, hour and day boundaries.
 */
const BUCKET = 'timestamp_ms - (timestamp_ms % ?)';

/** Per-bucket aggregates for charts over time, computed in SQL on SQLite and MySQL alike. */
@Injectable()
export class TimeseriesReader {
  constructor(private readonly connector: DatabaseConnector) {}

  /** The buckets of the window that hold requests, oldest first; empty ones are absent. */
  async buckets(
    window: TimeWindow,
    bucketMs: number,
  ): Promise<TimeseriesBucket[]> {
    const db = await this.connector.get();
    const where = whereClause(window);
    const [rows, responseTimes, firstTokens] = await Promise.all([
      this.aggregates(db, where, bucketMs),
      bucketPercentiles(db, 'response_time_ms', where, bucketMs),
      bucketPercentiles(db, 'time_to_first_token_ms', where, bucketMs),
    ]);
    const none: BucketPercentiles = { p50: null, p95: null };
    return rows.map((row) => ({
      ...row,
      responseTimeMs: responseTimes.get(row.startMs) ?? none,
      timeToFirstTokenMs: firstTokens.get(row.startMs) ?? none,
    }));
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

  private async aggregates(
    db: DataSource,
    where: SqlCondition,
    bucketMs: number,
  ): Promise<BucketTotals[]> {
    const rows = await db.query<Row[]>(
      `SELECT ${BUCKET} AS bucket, COUNT(*) AS total,
        SUM(CASE WHEN success = 1 THEN 1 ELSE 0 END) AS successful,
        SUM(total_tokens) AS total_tokens,
        SUM(prompt_tokens) AS prompt_tokens,
        SUM(completion_tokens) AS completion_tokens,
        AVG(tokens_per_second) AS avg_tps,
        AVG(response_time_ms) AS avg_rt,
        AVG(time_to_first_token_ms) AS avg_ttft
      FROM request_records ${where.sql}
      GROUP BY bucket ORDER BY bucket`,
      [bucketMs, ...where.params],
    );
    return rows.map(toBucketTotals);
  }
}

type BucketTotals = Omit<
  TimeseriesBucket,
  'responseTimeMs' | 'timeToFirstTokenMs'
>;

function toBucketTotals(row: Row): BucketTotals {
  const total = toNumberOrNull(row.total) ?? 0;
  const successful = toNumberOrNull(row.successful) ?? 0;
  return {
    startMs: toNumberOrNull(row.bucket) ?? 0,
    totalRequests: total,
    successfulRequests: successful,
    failedRequests: total - successful,
    totalTokens: toNumberOrNull(row.total_tokens) ?? 0,
    promptTokens: toNumberOrNull(row.prompt_tokens) ?? 0,
    completionTokens: toNumberOrNull(row.completion_tokens) ?? 0,
    avgTokensPerSecond: round2(row.avg_tps),
    avgResponseTimeMs: round2(row.avg_rt),
    avgTimeToFirstTokenMs: round2(row.avg_ttft),
  };
}

/**
 * Nearest-rank p50 and p95 of a column in every bucket, as latency-reader.ts defines them for a
 * whole window: the value at rank ceil(p * n). That rank is the one row with
 * rank >= p * n > rank - 1, tested in integers so that no database rounds its own way.
 */
async function bucketPercentiles(
  db: DataSource,
  column: string,
  where: SqlCondition,
  bucketMs: number,
): Promise<Map<number, BucketPercentiles>> {
  const filter = `${where.sql ? `${where.sql} AND` : 'WHERE'} ${column} IS NOT NULL`;
  const atRank = (percent: number) =>
    `MAX(CASE WHEN rn * 100 >= ${percent} * n AND (rn - 1) * 100 < ${percent} * n THEN value END)`;
  const rows = await db.query<Row[]>(
    `SELECT bucket, ${atRank(50)} AS p50, ${atRank(95)} AS p95 FROM (
      SELECT bucket, value,
        ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY value) AS rn,
        COUNT(*) OVER (PARTITION BY bucket) AS n
      FROM (
        SELECT ${BUCKET} AS bucket, ${column} AS value
        FROM request_records ${filter}
      ) bucketed
    ) ranked
    GROUP BY bucket`,
    [bucketMs, ...where.params],
  );
  return new Map(
    rows.map((row) => [
      toNumberOrNull(row.bucket) ?? 0,
      { p50: toNumberOrNull(row.p50), p95: toNumberOrNull(row.p95) },
    ]),
  );
}
