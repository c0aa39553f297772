import { Column, Entity } from 'typeorm';
import { columnsOf, type ColumnSpecs, type RowOf } from './column-spec';
import { BINARY_TEXT } from './request-record.entity';

export const LATENCY_TABLE = 'request_latency_daily';

/** The columns of `request_latency_daily`, by entity property. */
export const LATENCY_COLUMNS = {
  metric: {
    name: 'metric',
    type: 'varchar',
    length: 8,
    primary: true,
    ...BINARY_TEXT,
  },
  bucketMs: { name: 'bucket_ms', type: 'bigint', primary: true },
  isStreaming: { name: 'is_streaming', type: 'boolean', primary: true },
  binMs: { name: 'bin_ms', type: 'int', primary: true },
  requests: { name: 'requests', type: 'bigint', default: 0 },
  minMs: { name: 'min_ms', type: 'int' },
  maxMs: { name: 'max_ms', type: 'int' },
} as const satisfies ColumnSpecs<RequestLatencyDailyEntity>;

const C = LATENCY_COLUMNS;

/**
 * Histograms of time to first token and response time per day and kind of request (see
 * rollups/latency-bins.ts). Daily because bins multiply rows: an hourly histogram would hold
 * nearly as many rows as the records.
 */
@Entity({ name: LATENCY_TABLE })
export class RequestLatencyDailyEntity {
  /** Which latency: `ttft` or `rt`. */
  @Column(C.metric) metric: string;
  /** Start of the day, UTC epoch milliseconds. */
  @Column(C.bucketMs) bucketMs: number;
  @Column(C.isStreaming) isStreaming: boolean;
  /** Lower bound of the bin, ms. */
  @Column(C.binMs) binMs: number;
  @Column(C.requests) requests: number;
  /** The least and greatest value the bin holds, ms. */
  @Column(C.minMs) minMs: number;
  @Column(C.maxMs) maxMs: number;
}

export type LatencyRow = RowOf<
  RequestLatencyDailyEntity,
  typeof LATENCY_COLUMNS
>;

export const LATENCY_TABLE_COLUMNS = columnsOf<RequestLatencyDailyEntity>(C);
