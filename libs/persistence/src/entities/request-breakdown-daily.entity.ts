import { Column, Entity } from 'typeorm';
import { columnsOf, type ColumnSpecs, type RowOf } from './column-spec';
import { BINARY_TEXT } from './request-record.entity';

export const BREAKDOWN_TABLE = 'request_breakdown_daily';

const total = <N extends string>(name: N) =>
  ({ name, type: 'bigint', default: 0 }) as const;

/** The key columns both breakdown rollups share: which dimension, which value, which day. */
export const BREAKDOWN_KEY_COLUMNS = {
  // `model`, `origin`, `endpoint`, `user`, `api_key` or `tag:<name>` (up to 32 characters);
  // `none:user` and `none:api_key` (value '') for the records without one.
  dimension: {
    name: 'dimension',
    type: 'varchar',
    length: 40,
    primary: true,
    ...BINARY_TEXT,
  },
  // As long as the longest value: a user (256). Byte-wise, so "GPT-4" and "gpt-4" stay apart.
  value: {
    name: 'value',
    type: 'varchar',
    length: 256,
    primary: true,
    ...BINARY_TEXT,
  },
  bucketMs: { name: 'bucket_ms', type: 'bigint', primary: true },
} as const;

/** The columns of `request_breakdown_daily`, by entity property. */
export const BREAKDOWN_COLUMNS = {
  ...BREAKDOWN_KEY_COLUMNS,
  requests: total('requests'),
  successful: total('successful'),
  promptTokens: total('prompt_tokens'),
  completionTokens: total('completion_tokens'),
  totalTokens: total('total_tokens'),
  costNanoUsd: total('cost_nano_usd'),
  pricedRequests: total('priced_requests'),
  unpricedRequests: total('unpriced_requests'),
  responseTimeSum: total('response_time_sum'),
  responseTimeN: total('response_time_n'),
  ttftSum: total('ttft_sum'),
  ttftN: total('ttft_n'),
  tpsSum: { name: 'tps_sum', type: 'double', default: 0 },
  tpsN: total('tps_n'),
} as const satisfies ColumnSpecs<RequestBreakdownDailyEntity>;

const C = BREAKDOWN_COLUMNS;

/**
 * Counts and sums of the records per day and value of a dimension (model, origin, endpoint,
 * user, API key, or one tag name), as request_totals_hourly keeps them for all records. Daily,
 * and keyed value first, because users run to thousands: hourly rows would be nearly as many as
 * the records, and the key order lets a breakdown group a dimension's rows without sorting them.
 */
// Clustered on the key on SQLite as InnoDB is: a breakdown reads a dimension's rows in key order.
@Entity({ name: BREAKDOWN_TABLE, withoutRowid: true })
export class RequestBreakdownDailyEntity {
  @Column(C.dimension) dimension: string;
  @Column(C.value) value: string;
  /** Start of the day, UTC epoch milliseconds. */
  @Column(C.bucketMs) bucketMs: number;
  @Column(C.requests) requests: number;
  @Column(C.successful) successful: number;
  @Column(C.promptTokens) promptTokens: number;
  @Column(C.completionTokens) completionTokens: number;
  @Column(C.totalTokens) totalTokens: number;
  /** Priced records' cost in billionths of a dollar, each rounded (see request_totals_hourly). */
  @Column(C.costNanoUsd) costNanoUsd: number;
  @Column(C.pricedRequests) pricedRequests: number;
  @Column(C.unpricedRequests) unpricedRequests: number;
  @Column(C.responseTimeSum) responseTimeSum: number;
  @Column(C.responseTimeN) responseTimeN: number;
  @Column(C.ttftSum) ttftSum: number;
  @Column(C.ttftN) ttftN: number;
  @Column(C.tpsSum) tpsSum: number;
  @Column(C.tpsN) tpsN: number;
}

export type BreakdownRow = RowOf<
  RequestBreakdownDailyEntity,
  typeof BREAKDOWN_COLUMNS
>;

/** The summed columns, everything after the key. */
export type BreakdownSumName = Exclude<
  keyof BreakdownRow,
  'dimension' | 'value' | 'bucket_ms'
>;

export const BREAKDOWN_TABLE_COLUMNS =
  columnsOf<RequestBreakdownDailyEntity>(C);
