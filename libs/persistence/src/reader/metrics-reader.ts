import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DatabaseConnector } from '../database-connector';
import { splitWindow } from '../rollups/rollup-buckets';
import type { ColumnDimension } from '../rollups/breakdown-dimensions';
import { readRanking } from '../rollups/breakdown-ranking';
import { mostFirst } from '../rollups/most-first';
import type { BreakdownSums } from '../rollups/breakdown-sum-reads';
import {
  BREAKDOWN_BUCKET_MS,
  NANO_PER_USD,
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

/**
 * Users and API keys run to thousands of values, counted per day in the breakdown rollup: read
 * as a breakdown ranks them (readRanking), not grouped together with the ragged ends' records,
 * which MySQL does through a temporary table of every (user, day) row (0.7-1.2 s against 0.16
 * s over 30 days of a million records).
 */
const WIDE: Partial<Record<TopDimension, ColumnDimension>> = {
  user: 'user',
  api_key_id: 'api_key',
};

/** The most frequent values, ties broken by value (byte order on both databases). */
async function topValues(
  db: DataSource,
  window: TimeWindow,
  counted: TopDimension,
  top: number,
): Promise<CountedValue[]> {
  const wide = WIDE[counted];
  if (wide) {
    const split = splitWindow(window, BREAKDOWN_BUCKET_MS);
    return mostCounted(await readRanking(db, wide, split, ['requests']), top);
  }
  const dimension = counted as ValueDimension;
  const { buckets, edges } = splitWindow(window, VALUES_BUCKET_MS);
  const fromRecords = valuesFromRecords(dimension, { where: edges });
  const rows = await db.query<Row[]>(
    `SELECT value, SUM(requests) AS count FROM (
      SELECT dimension, value, requests FROM ${VALUES_TABLE}
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

/** The `top` values with the most requests, ties in byte order, as the SQL above orders them. */
function mostCounted(
  ranking: Map<string, BreakdownSums>,
  top: number,
): CountedValue[] {
  const counted: CountedValue[] = [];
  for (const [value, { requests }] of ranking) {
    if (requests > 0) counted.push({ value, count: requests });
  }
  return mostFirst(
    counted,
    ({ count }) => count,
    ({ value }) => value,
  ).slice(0, top);
}
