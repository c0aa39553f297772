import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DatabaseConnector } from '../database-connector';
import { splitWindow } from '../rollups/rollup-buckets';
import {
  BREAKDOWN_BUCKET_MS,
  BREAKDOWN_TABLE,
  NANO_PER_USD,
  VALUE_DIMENSIONS,
  VALUES_BUCKET_MS,
  VALUES_TABLE,
  type ValueDimension,
} from '../rollups/rollup-columns';
import { valuesFromRecords } from '../rollups/rollup-sources';
import type {
  CountedValue,
  MetricsSummary,
  TimeWindow,
} from '../records/record-query.types';
import { readLatency } from './latency-reader';
import { average, toNumberOrNull } from '../sql/numbers';
import { countRecent, readTotals } from './totals-reader';

type TopDimension = ValueDimension | 'user' | 'api_key_id';

const TOP_DIMENSIONS: TopDimension[] = [
  'model',
  'origin',
  'finish_reason',
  'error_type',
  'user',
  'api_key_id',
];

type Row = Record<string, unknown>;

/**
 * Aggregates over a time window, read from the rollup tables for the whole hours and days in
 * it and from the records for its ragged ends, with the same answers on SQLite and MySQL.
 */
@Injectable()
export class MetricsReader {
  constructor(private readonly connector: DatabaseConnector) {}

  async summarize(
    window: TimeWindow,
    top: number,
    now: Date,
  ): Promise<MetricsSummary> {
    const db = await this.connector.get();
    const [totals, recent, ...tops] = await Promise.all([
      readTotals(db, window),
      countRecent(db, window, now),
      ...TOP_DIMENSIONS.map((dimension) =>
        topValues(db, window, dimension, top),
      ),
    ]);
    const latency = await readLatency(db, window, totals);
    const [
      topModels,
      topOrigins,
      finishReasons,
      errorTypes,
      topUsers,
      topKeys,
    ] = tops;
    const { all, streaming } = totals;
    return {
      totalRequests: all.requests,
      successfulRequests: all.successful,
      failedRequests: all.requests - all.successful,
      recentRequests24h: recent,
      streamingRequests: streaming.requests,
      nonStreamingRequests: all.requests - streaming.requests,
      totalTokensUsed: all.total_tokens,
      totalPromptTokens: all.prompt_tokens,
      totalCompletionTokens: all.completion_tokens,
      avgTokensPerRequest: average(all.total_tokens, all.total_tokens_n) ?? 0,
      avgResponseTimeMs:
        average(all.response_time_sum, all.response_time_n) ?? 0,
      avgTokensPerSecond: average(all.tps_sum, all.tps_n) ?? 0,
      estimatedTokenRequests: all.estimated,
      latency: latency.all,
      streaming: latency.streaming,
      nonStreaming: latency.nonStreaming,
      topModels,
      topOrigins,
      finishReasons,
      errorTypes,
      topUsers,
      topApiKeys: topKeys,
      totalCostUsd: all.cost_nano_usd / NANO_PER_USD,
      pricedRequests: all.priced_requests,
      unpricedRequests: all.unpriced_requests,
    };
  }
}

/** Where a ranked list is counted: the hourly values, or the daily breakdown rollup. */
interface CountedIn {
  table: string;
  bucketMs: number;
  /** Its name in the table. */
  dimension: string;
  column: string;
}

const COUNTED_IN: Record<TopDimension, CountedIn> = {
  ...(Object.fromEntries(
    (Object.keys(VALUE_DIMENSIONS) as ValueDimension[]).map((dimension) => [
      dimension,
      {
        table: VALUES_TABLE,
        bucketMs: VALUES_BUCKET_MS,
        dimension,
        column: dimension,
      },
    ]),
  ) as Record<ValueDimension, CountedIn>),
  user: {
    table: BREAKDOWN_TABLE,
    bucketMs: BREAKDOWN_BUCKET_MS,
    dimension: 'user',
    column: 'user',
  },
  api_key_id: {
    table: BREAKDOWN_TABLE,
    bucketMs: BREAKDOWN_BUCKET_MS,
    dimension: 'api_key',
    column: 'api_key_id',
  },
};

/** The most frequent values, ties broken by value (byte order on both databases). */
async function topValues(
  db: DataSource,
  window: TimeWindow,
  counted: TopDimension,
  top: number,
): Promise<CountedValue[]> {
  const { table, bucketMs, dimension, column } = COUNTED_IN[counted];
  const { buckets, edges } = splitWindow(window, bucketMs);
  const fromRecords = valuesFromRecords(dimension, { where: edges }, column);
  const rows = await db.query<Row[]>(
    `SELECT value, SUM(requests) AS count FROM (
      SELECT dimension, value, requests FROM ${table}
      WHERE dimension = ? AND ${buckets.sql}
      UNION ALL ${fromRecords.sql}
    ) counted GROUP BY value ORDER BY count DESC, value ASC LIMIT ?`,
    [dimension, ...buckets.params, ...fromRecords.params, top],
  );
  return rows.map((row) => ({
    value: String(row.value),
    count: toNumberOrNull(row.count) ?? 0,
  }));
}
