import { Column, Entity } from 'typeorm';
import { columnsOf, type ColumnSpecs, type RowOf } from './column-spec';
import { BREAKDOWN_KEY_COLUMNS } from './request-breakdown-daily.entity';
import { LATENCY_COLUMNS } from './request-latency-daily.entity';

export const BREAKDOWN_LATENCY_TABLE = 'request_breakdown_latency_daily';

/** The columns of `request_breakdown_latency_daily`, by entity property. */
export const BREAKDOWN_LATENCY_COLUMNS = {
  ...BREAKDOWN_KEY_COLUMNS,
  metric: LATENCY_COLUMNS.metric,
  binMs: LATENCY_COLUMNS.binMs,
  requests: LATENCY_COLUMNS.requests,
  minMs: LATENCY_COLUMNS.minMs,
  maxMs: LATENCY_COLUMNS.maxMs,
} as const satisfies ColumnSpecs<RequestBreakdownLatencyDailyEntity>;

const C = BREAKDOWN_LATENCY_COLUMNS;

/**
 * Histograms of time to first token and response time per day and value of a dimension, in
 * the bins of request_latency_daily. Besides one per value, each dimension has one over all its
 * values (dimension `any:<dimension>`, value ''), from which the `other` and `none` rows of a
 * breakdown are told apart without reading every value's bins.
 */
// Clustered on the key on SQLite as InnoDB is: a breakdown reads a dimension's rows in key order.
@Entity({ name: BREAKDOWN_LATENCY_TABLE, withoutRowid: true })
export class RequestBreakdownLatencyDailyEntity {
  @Column(C.dimension) dimension: string;
  @Column(C.value) value: string;
  /** Start of the day, UTC epoch milliseconds. */
  @Column(C.bucketMs) bucketMs: number;
  /** Which latency: `ttft` or `rt`. */
  @Column(C.metric) metric: string;
  /** Lower bound of the bin, ms. */
  @Column(C.binMs) binMs: number;
  @Column(C.requests) requests: number;
  /** The least and greatest value the bin holds, ms. */
  @Column(C.minMs) minMs: number;
  @Column(C.maxMs) maxMs: number;
}

export type BreakdownLatencyRow = RowOf<
  RequestBreakdownLatencyDailyEntity,
  typeof BREAKDOWN_LATENCY_COLUMNS
>;

export const BREAKDOWN_LATENCY_TABLE_COLUMNS =
  columnsOf<RequestBreakdownLatencyDailyEntity>(C);
