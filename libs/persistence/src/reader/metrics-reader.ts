import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DatabaseConnector } from '../database-connector';
import type {
  CountedValue,
  MetricsSummary,
  TimeWindow,
} from './record-query.types';
import { round2, toNumberOrNull, whereClause } from './sql-filter';
import { readLatency } from './latency-reader';

const DAY_MS = 24 * 60 * 60 * 1000;
const TOP_COLUMNS = {
  topModels: 'model',
  topOrigins: 'origin',
  finishReasons: 'finish_reason',
  errorTypes: 'error_type',
} as const;

type Row = Record<string, unknown>;

/** Aggregates over a time window, computed in SQL with the same answers on SQLite and MySQL. */
@Injectable()
export class MetricsReader {
  constructor(private readonly connector: DatabaseConnector) {}

  async summarize(
    window: TimeWindow,
    top: number,
    now: Date,
  ): Promise<MetricsSummary> {
    const db = await this.connector.get();
    const [totals, latency, ...tops] = await Promise.all([
      this.totals(db, window, now),
      readLatency(db, whereClause(window)),
      ...Object.values(TOP_COLUMNS).map((column) =>
        this.topValues(db, window, column, top),
      ),
    ]);
    const [topModels, topOrigins, finishReasons, errorTypes] = tops;
    return {
      ...totals,
      latency: latency.all,
      streaming: latency.streaming,
      nonStreaming: latency.nonStreaming,
      topModels,
      topOrigins,
      finishReasons,
      errorTypes,
    };
  }

  private async totals(db: DataSource, window: TimeWindow, now: Date) {
    const where = whereClause(window);
    const [row] = await db.query<Row[]>(
      `SELECT COUNT(*) AS total,
        SUM(CASE WHEN success = 1 THEN 1 ELSE 0 END) AS successful,
        SUM(CASE WHEN is_streaming = 1 THEN 1 ELSE 0 END) AS streaming,
        SUM(CASE WHEN timestamp_ms >= ? THEN 1 ELSE 0 END) AS recent,
        SUM(total_tokens) AS total_tokens,
        SUM(prompt_tokens) AS prompt_tokens,
        SUM(completion_tokens) AS completion_tokens,
        AVG(total_tokens) AS avg_tokens,
        AVG(response_time_ms) AS avg_response_time,
        AVG(tokens_per_second) AS avg_tps,
        SUM(CASE WHEN tokens_estimated = 1 THEN 1 ELSE 0 END) AS estimated
      FROM request_records ${where.sql}`,
      [now.getTime() - DAY_MS, ...where.params],
    );
    const total = toNumberOrNull(row.total) ?? 0;
    const successful = toNumberOrNull(row.successful) ?? 0;
    const streaming = toNumberOrNull(row.streaming) ?? 0;
    return {
      totalRequests: total,
      successfulRequests: successful,
      failedRequests: total - successful,
      recentRequests24h: toNumberOrNull(row.recent) ?? 0,
      streamingRequests: streaming,
      nonStreamingRequests: total - streaming,
      totalTokensUsed: toNumberOrNull(row.total_tokens) ?? 0,
      totalPromptTokens: toNumberOrNull(row.prompt_tokens) ?? 0,
      totalCompletionTokens: toNumberOrNull(row.completion_tokens) ?? 0,
      avgTokensPerRequest: round2(row.avg_tokens) ?? 0,
      avgResponseTimeMs: round2(row.avg_response_time) ?? 0,
      avgTokensPerSecond: round2(row.avg_tps) ?? 0,
      estimatedTokenRequests: toNumberOrNull(row.estimated) ?? 0,
    };
  }

  private async topValues(
    db: DataSource,
    window: TimeWindow,
    column: string,
    top: number,
  ): Promise<CountedValue[]> {
    const where = whereClause(window, [`${column} IS NOT NULL`]);
    const rows = await db.query<Row[]>(
      `SELECT ${column} AS value, COUNT(*) AS count FROM request_records ${where.sql}
      GROUP BY ${column} ORDER BY count DESC, value ASC LIMIT ?`,
      [...where.params, top],
    );
    return rows.map((row) => ({
      value: String(row.value),
      count: toNumberOrNull(row.count) ?? 0,
    }));
  }
}
