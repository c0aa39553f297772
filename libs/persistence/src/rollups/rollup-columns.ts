import { LATENCY_TABLE } from '../entities/request-latency-daily.entity';
import {
  TOTALS_TABLE,
  TOTALS_TABLE_COLUMNS,
  type TotalName,
} from '../entities/request-totals-hourly.entity';
import { VALUES_TABLE } from '../entities/request-values-hourly.entity';
import { BREAKDOWN_TABLE } from '../entities/request-breakdown-daily.entity';
import { BREAKDOWN_HISTOGRAM_TABLE } from '../entities/request-breakdown-histogram-daily.entity';
import type { RequestRecordInput } from '../records/request-record.types';
import { DAY_MS, HOUR_MS } from './rollup-buckets';

export {
  BREAKDOWN_HISTOGRAM_TABLE,
  BREAKDOWN_TABLE,
  LATENCY_TABLE,
  TOTALS_TABLE,
  VALUES_TABLE,
};

/**
 * How the rollup tables, which the metrics API reads instead of scanning every record, are
 * filled from the records. Their columns are the entities' (entities/*-hourly, *-daily); the
 * writer keeps them in step with `request_records` in the same transaction; a rebuild derives
 * them from it.
 *
 * - `request_totals_hourly`: counts and sums per hour and kind of request (streamed or not).
 * - `request_values_hourly`: how often each model, origin, finish reason and error type was
 *   seen per hour.
 * - `request_latency_daily`: histograms of time to first token and response time per day and
 *   kind of request (see latency-bins.ts).
 * - `request_breakdown_daily` and `request_breakdown_histogram_daily`: the same sums and
 *   histograms per day and value of each breakdown dimension (see breakdown-dimensions.ts).
 */
export const ROLLUP_TABLES = [
  TOTALS_TABLE,
  VALUES_TABLE,
  LATENCY_TABLE,
  BREAKDOWN_TABLE,
  BREAKDOWN_HISTOGRAM_TABLE,
];

export const TOTALS_BUCKET_MS = HOUR_MS;
export const VALUES_BUCKET_MS = HOUR_MS;
export const LATENCY_BUCKET_MS = DAY_MS;
export const BREAKDOWN_BUCKET_MS = DAY_MS;

export interface TotalSource {
  /** The aggregate over `request_records` rows. */
  sql: string;
  /** One record's share of it. */
  of: (record: RequestRecordInput) => number;
}

export interface TotalColumn extends TotalSource {
  name: TotalName;
}

const flag = (on: boolean) => (on ? 1 : 0);

/** Rollups sum costs in billionths of a dollar. */
export const NANO_PER_USD = 1_000_000_000;
const sum = (column: string) => `COALESCE(SUM(${column}), 0)`;

/** How each summed column of request_totals_hourly comes from the records. */
export const TOTAL_SOURCES: Record<TotalName, TotalSource> = {
  requests: {
    sql: 'COUNT(*)',
    of: () => 1,
  },
  successful: {
    sql: 'SUM(CASE WHEN success = 1 THEN 1 ELSE 0 END)',
    of: (r) => flag(r.success),
  },
  estimated: {
    sql: 'SUM(CASE WHEN tokens_estimated = 1 THEN 1 ELSE 0 END)',
    of: (r) => flag(r.tokensEstimated),
  },
  total_tokens: {
    sql: sum('total_tokens'),
    of: (r) => r.totalTokens ?? 0,
  },
  total_tokens_n: {
    sql: 'COUNT(total_tokens)',
    of: (r) => flag(r.totalTokens != null),
  },
  prompt_tokens: {
    sql: sum('prompt_tokens'),
    of: (r) => r.promptTokens ?? 0,
  },
  completion_tokens: {
    sql: sum('completion_tokens'),
    of: (r) => r.completionTokens ?? 0,
  },
  response_time_sum: {
    sql: sum('response_time_ms'),
    of: (r) => r.responseTimeMs ?? 0,
  },
  response_time_n: {
    sql: 'COUNT(response_time_ms)',
    of: (r) => flag(r.responseTimeMs != null),
  },
  ttft_sum: {
    sql: sum('time_to_first_token_ms'),
    of: (r) => r.timeToFirstTokenMs ?? 0,
  },
  ttft_n: {
    sql: 'COUNT(time_to_first_token_ms)',
    of: (r) => flag(r.timeToFirstTokenMs != null),
  },
  tps_sum: {
    sql: sum('tokens_per_second'),
    of: (r) => r.tokensPerSecond ?? 0,
  },
  tps_n: {
    sql: 'COUNT(tokens_per_second)',
    of: (r) => flag(r.tokensPerSecond != null),
  },
  cached_prompt_tokens: {
    sql: sum('cached_prompt_tokens'),
    of: (r) => r.cachedPromptTokens ?? 0,
  },
  cost_nano_usd: {
    sql: sum(`ROUND(cost_usd * ${NANO_PER_USD})`),
    // The same IEEE product as the SQL's, rounded half up like ROUND for positive values.
    of: (r) => (r.costUsd == null ? 0 : Math.round(r.costUsd * NANO_PER_USD)),
  },
  priced_requests: {
    sql: 'COUNT(cost_usd)',
    of: (r) => flag(r.costUsd != null),
  },
  unpriced_requests: {
    sql: 'SUM(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END)',
    of: (r) => flag(r.costUsd == null),
  },
};

/** The summed columns in the table's order, each with its source. */
export const TOTAL_COLUMNS: TotalColumn[] = TOTALS_TABLE_COLUMNS.filter(
  ({ primary }) => !primary,
).map(({ name }) => ({
  name: name as TotalName,
  ...TOTAL_SOURCES[name as TotalName],
}));

/**
 * The record columns counted by value per hour, and the name each has in
 * `request_values_hourly`. Users and API keys are counted per day in request_breakdown_daily:
 * hourly rows for thousands of users would be nearly as many as the records.
 */
export const VALUE_DIMENSIONS = {
  model: (r: RequestRecordInput) => r.model,
  origin: (r: RequestRecordInput) => r.origin,
  finish_reason: (r: RequestRecordInput) => r.finishReason,
  error_type: (r: RequestRecordInput) => r.errorType,
} as const;

export type ValueDimension = keyof typeof VALUE_DIMENSIONS;

/** The latencies kept as histograms, and the record column each comes from. */
export const LATENCY_METRICS = {
  ttft: {
    column: 'time_to_first_token_ms',
    of: (r: RequestRecordInput) => r.timeToFirstTokenMs,
  },
  rt: {
    column: 'response_time_ms',
    of: (r: RequestRecordInput) => r.responseTimeMs,
  },
} as const;

export type LatencyMetric = keyof typeof LATENCY_METRICS;
