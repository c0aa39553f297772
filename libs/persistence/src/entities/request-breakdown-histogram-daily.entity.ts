import { Column, Entity } from 'typeorm';
import { columnsOf, type ColumnSpecs, type RowOf } from './column-spec';
import { BREAKDOWN_KEY_COLUMNS } from './request-breakdown-daily.entity';
import { LATENCY_COLUMNS } from './request-latency-daily.entity';

export const BREAKDOWN_HISTOGRAM_TABLE = 'request_breakdown_histogram_daily';

/** Bins per octave: four significant bits, so a bin is at most 1/16 of its lower bound wide. */
export const BINS_PER_OCTAVE = 16;
/** The last octave; longer values count in its last bin. */
export const LAST_OCTAVE_MS = 2 ** 24;

const count = <N extends string>(name: N) =>
  ({ name, type: 'int', default: 0 }) as const;

/** The columns of `request_breakdown_histogram_daily`, by entity property. */
export const BREAKDOWN_HISTOGRAM_COLUMNS = {
  ...BREAKDOWN_KEY_COLUMNS,
  metric: LATENCY_COLUMNS.metric,
  octaveMs: { name: 'octave_ms', type: 'int', primary: true },
  minMs: LATENCY_COLUMNS.minMs,
  maxMs: LATENCY_COLUMNS.maxMs,
  n0: count('n0'),
  n1: count('n1'),
  n2: count('n2'),
  n3: count('n3'),
  n4: count('n4'),
  n5: count('n5'),
  n6: count('n6'),
  n7: count('n7'),
  n8: count('n8'),
  n9: count('n9'),
  n10: count('n10'),
  n11: count('n11'),
  n12: count('n12'),
  n13: count('n13'),
  n14: count('n14'),
  n15: count('n15'),
} as const satisfies ColumnSpecs<RequestBreakdownHistogramDailyEntity>;

const C = BREAKDOWN_HISTOGRAM_COLUMNS;

/**
 * Histograms of time to first token and response time per day and value of a dimension, one
 * row per octave of milliseconds a day's values reach (`octave_ms`: 0 for 0-15 ms, then 16, 32,
 * 64, ... up to 2^24) whose sixteen columns `n0`..`n15` count the values in each sixteenth of
 * it (below 32 ms, each whole millisecond), with the least and greatest value it holds. A row per octave rather than per bin because a
 * batch of records spreads over nearly as many bins as it has records, and the writer upserted
 * seven rows per record; rather than one per histogram because a value seen once a batch (a
 * tag unique to a request) would then write hundreds of columns. Besides one per value, each
 * dimension has the histogram of the records without a value (`none:<column>`) or, for a tag
 * name, with any (`any:tag:<name>`, value ''), from which the `other` and `none` rows of a
 * breakdown are told apart without reading every value's.
 */
// Clustered on the key on SQLite as InnoDB is: a breakdown reads a dimension's rows in key order.
@Entity({ name: BREAKDOWN_HISTOGRAM_TABLE, withoutRowid: true })
export class RequestBreakdownHistogramDailyEntity {
  @Column(C.dimension) dimension: string;
  @Column(C.value) value: string;
  /** Start of the day, UTC epoch milliseconds. */
  @Column(C.bucketMs) bucketMs: number;
  /** Which latency: `ttft` or `rt`. */
  @Column(C.metric) metric: string;
  /** Lower bound of the octave, ms: 0, 16, 32, 64, ... */
  @Column(C.octaveMs) octaveMs: number;
  /** The least and greatest value the row counts, ms. */
  @Column(C.minMs) minMs: number;
  @Column(C.maxMs) maxMs: number;
  @Column(C.n0) n0: number;
  @Column(C.n1) n1: number;
  @Column(C.n2) n2: number;
  @Column(C.n3) n3: number;
  @Column(C.n4) n4: number;
  @Column(C.n5) n5: number;
  @Column(C.n6) n6: number;
  @Column(C.n7) n7: number;
  @Column(C.n8) n8: number;
  @Column(C.n9) n9: number;
  @Column(C.n10) n10: number;
  @Column(C.n11) n11: number;
  @Column(C.n12) n12: number;
  @Column(C.n13) n13: number;
  @Column(C.n14) n14: number;
  @Column(C.n15) n15: number;
}

export type HistogramRow = RowOf<
  RequestBreakdownHistogramDailyEntity,
  typeof BREAKDOWN_HISTOGRAM_COLUMNS
>;

/** The count columns, in order: `n0` for the octave's first sixteenth, ... */
export const HISTOGRAM_COUNTS = Array.from(
  { length: BINS_PER_OCTAVE },
  (_, i) => `n${i}` as keyof HistogramRow & `n${number}`,
);

export const BREAKDOWN_HISTOGRAM_TABLE_COLUMNS =
  columnsOf<RequestBreakdownHistogramDailyEntity>(C);
