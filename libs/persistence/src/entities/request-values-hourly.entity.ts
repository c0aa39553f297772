import { Column, Entity } from 'typeorm';
import { columnsOf, type ColumnSpecs, type RowOf } from './column-spec';
import { BINARY_TEXT } from './request-record.entity';

export const VALUES_TABLE = 'request_values_hourly';

/** The columns of `request_values_hourly`, by entity property. */
export const VALUES_COLUMNS = {
  // Byte-wise like request_records' text columns, so "GPT-4" and "gpt-4" stay apart.
  dimension: {
    name: 'dimension',
    type: 'varchar',
    length: 16,
    primary: true,
    ...BINARY_TEXT,
  },
  bucketMs: { name: 'bucket_ms', type: 'bigint', primary: true },
  value: {
    name: 'value',
    type: 'varchar',
    // As long as the longest value counted: a user (256).
    length: 256,
    primary: true,
    ...BINARY_TEXT,
  },
  requests: { name: 'requests', type: 'bigint', default: 0 },
} as const satisfies ColumnSpecs<RequestValuesHourlyEntity>;

const C = VALUES_COLUMNS;

/** How often each model, origin, finish reason and error type was seen per hour. */
@Entity({ name: VALUES_TABLE })
export class RequestValuesHourlyEntity {
  /** The record column counted: model, origin, finish_reason or error_type. */
  @Column(C.dimension) dimension: string;
  /** Start of the hour, UTC epoch milliseconds. */
  @Column(C.bucketMs) bucketMs: number;
  @Column(C.value) value: string;
  @Column(C.requests) requests: number;
}

export type ValuesRow = RowOf<RequestValuesHourlyEntity, typeof VALUES_COLUMNS>;

export const VALUES_TABLE_COLUMNS = columnsOf<RequestValuesHourlyEntity>(C);
