import type { ColumnOf } from '../entities/column-spec';
import {
  REQUEST_RECORD_TABLE,
  type RequestRecordEntity,
} from '../entities/request-record.entity';
import type { RequestRecordInput } from '../records/request-record.types';
import type { SqlStatement, SqlValue } from '../sql/sql-types';

/** The columns a record is written to, in the entity's order; the id is the database's. */
const COLUMNS = REQUEST_RECORD_TABLE.filter(
  (column): column is ColumnOf<Omit<RequestRecordEntity, 'id'>> =>
    !column.primary,
);

/** The columns a record is written to, in order. */
export const RECORD_COLUMNS = COLUMNS.map(({ name }) => name);

/** One record's values for an INSERT in RECORD_COLUMNS' order, appended to `params`. */
export function pushRecordValues(
  record: RequestRecordInput,
  params: SqlValue[],
): void {
  for (const { property, toSql } of COLUMNS)
    params.push(toSql(record[property]));
}

const PREFIX = `INSERT INTO request_records (${RECORD_COLUMNS.join(', ')}) VALUES `;
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => '?').join(', ')})`;
const statements = new Map<number, string>();

/**
 * One multi-row INSERT with `?` placeholders (both better-sqlite3 and mysql2 take them).
 * Written by hand because TypeORM's query builder spends about 0.1 ms a row naming and escaping
 * parameters, on the gateway's event loop; the SQL text is cached per batch size.
 */
export function insertStatement(records: RequestRecordInput[]): SqlStatement {
  let sql = statements.get(records.length);
  if (!sql) {
    sql = PREFIX + Array(records.length).fill(ROW_PLACEHOLDERS).join(', ');
    statements.set(records.length, sql);
  }
  const params: SqlValue[] = [];
  for (const record of records) pushRecordValues(record, params);
  return { sql, params };
}
