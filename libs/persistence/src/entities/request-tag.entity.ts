import { Column, Entity, Index } from 'typeorm';
import { columnsOf, type ColumnSpecs, type RowOf } from './column-spec';
import { BINARY_TEXT } from './request-record.entity';

export const TAGS_TABLE = 'request_tags';

/** The columns of `request_tags`, by entity property. */
export const REQUEST_TAG_COLUMNS = {
  recordId: { name: 'record_id', type: 'bigint', primary: true },
  name: {
    name: 'name',
    type: 'varchar',
    length: 32,
    primary: true,
    ...BINARY_TEXT,
  },
  value: { name: 'value', type: 'varchar', length: 128, ...BINARY_TEXT },
} as const satisfies ColumnSpecs<RequestTagEntity>;

const C = REQUEST_TAG_COLUMNS;

/**
 * One `X-Gateway-Tag-<name>: <value>` of a record. A table rather than a column so that
 * `tag=name:value` filters are index lookups; deleted with its record by retention.
 */
@Entity({ name: TAGS_TABLE })
// `tag=name:value` filters: the records carrying a tag, by index alone.
@Index('idx_request_tags_value', ['name', 'value', 'recordId'])
export class RequestTagEntity {
  /** `request_records.id`. */
  @Column(C.recordId) recordId: number;
  /** Lower-cased, letters, digits, `-` and `_`, up to 32 characters. */
  @Column(C.name) name: string;
  @Column(C.value) value: string;
}

export type RequestTagRow = RowOf<RequestTagEntity, typeof REQUEST_TAG_COLUMNS>;

export const REQUEST_TAG_TABLE = columnsOf<RequestTagEntity>(C);
