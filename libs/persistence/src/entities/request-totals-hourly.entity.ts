import { Column, Entity } from 'typeorm';
import { columnsOf, type ColumnSpecs, type RowOf } from './column-spec';

export const TOTALS_TABLE = 'request_totals_hourly';

const total = <N extends string>(name: N) =>
  ({ name, type: 'bigint', default: 0 }) as const;

/** The columns of `request_totals_hourly`, by entity property. */
export const TOTALS_COLUMNS = {
  bucketMs: { name: 'bucket_ms', type: 'bigint', primary: true },
  isStreaming: { name: 'is_streaming', type: 'boolean', primary: true },
  requests: total('requests'),
  successful: total('successful'),
  estimated: total('estimated'),
  totalTokens: total('total_tokens'),
  totalTokensN: total('total_tokens_n'),
  promptTokens: total('prompt_tokens'),
  completionTokens: total('completion_tokens'),
  responseTimeSum: total('response_time_sum'),
  responseTimeN: total('response_time_n'),
  ttftSum: total('ttft_sum'),
  ttftN: total('ttft_n'),
  tpsSum: { name: 'tps_sum', type: 'double', default: 0 },
  tpsN: total('tps_n'),
  cachedPromptTokens: total('cached_prompt_tokens'),
  costNanoUsd: total('cost_nano_usd'),
  pricedRequests: total('priced_requests'),
  unpricedRequests: total('unpriced_requests'),
} as const satisfies ColumnSpecs<RequestTotalsHourlyEntity>;

const C = TOTALS_COLUMNS;

/**
 * Counts and sums of the records per hour and kind of request (streamed or not). A `_sum`
 * goes with its `_n`, the number of records that had the value, so averages skip the nulls.
 */
@Entity({ name: TOTALS_TABLE })
export class RequestTotalsHourlyEntity {
  /** Start of the hour, UTC epoch milliseconds. */
  @Column(C.bucketMs) bucketMs: number;
  @Column(C.isStreaming) isStreaming: boolean;
  @Column(C.requests) requests: number;
  @Column(C.successful) successful: number;
  /** Records whose token counts the gateway estimated. */
  @Column(C.estimated) estimated: number;
  @Column(C.totalTokens) totalTokens: number;
  @Column(C.totalTokensN) totalTokensN: number;
  @Column(C.promptTokens) promptTokens: number;
  @Column(C.completionTokens) completionTokens: number;
  @Column(C.responseTimeSum) responseTimeSum: number;
  @Column(C.responseTimeN) responseTimeN: number;
  @Column(C.ttftSum) ttftSum: number;
  @Column(C.ttftN) ttftN: number;
  @Column(C.tpsSum) tpsSum: number;
  @Column(C.tpsN) tpsN: number;
  @Column(C.cachedPromptTokens) cachedPromptTokens: number;
  /**
   * Sum of the priced records' cost in billionths of a dollar, each rounded: whole numbers
   * add up the same in any order, so replicas writing at once and a rebuild agree exactly.
   * Unpriced records add nothing and are counted apart.
   */
  @Column(C.costNanoUsd) costNanoUsd: number;
  @Column(C.pricedRequests) pricedRequests: number;
  @Column(C.unpricedRequests) unpricedRequests: number;
}

export type TotalsRow = RowOf<RequestTotalsHourlyEntity, typeof TOTALS_COLUMNS>;

/** The summed columns, everything after the key. */
export type TotalName = Exclude<keyof TotalsRow, 'bucket_ms' | 'is_streaming'>;

export const TOTALS_TABLE_COLUMNS = columnsOf<RequestTotalsHourlyEntity>(C);
