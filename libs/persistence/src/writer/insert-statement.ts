import type { ColumnOf } from '../entities/column-spec';
import { REQUEST_RECORD_TABLE } from '../entities/request-record.entity';
import type {
  RequestRecordInput,
  SpooledRecord,
} from '../records/request-record.types';
import type { Dialect } from '../sql/dialect';
import type { SqlStatement, SqlValue } from '../sql/sql-types';

/**
 * The columns a record's own values go to, in the entity's order; the id is the database's
 * and the uid the writer's.
 */
const COLUMNS = REQUEST_RECORD_TABLE.filter(
  (column): column is ColumnOf<Omit<RequestRecordInput, 'tags'>> =>
    !column.primary && column.property !== 'recordUid',
);

/** The columns a record's values go to, in order (the bench's seed inserts these). */
export const RECORD_COLUMNS = COLUMNS.map(({ name }) => name);

/** One record's values for an INSERT in RECORD_COLUMNS' order, appended to `params`. */
export function pushRecordValues(
  record: RequestRecordInput,
  params: SqlValue[],
): void {
  for (const { property, toSql } of COLUMNS)
    params.push(toSql(record[property]));
}

const PREFIX = `INSERT INTO request_records (${RECORD_COLUMNS.join(', ')}, record_uid) VALUES `;
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => '?').join(', ')}, ?)`;
const statements = new Map<number, string>();

/**
 * One multi-row INSERT with `?` placeholders (both better-sqlite3 and mysql2 take them).
 * Written by hand because TypeORM's query builder spends about 0.1 ms a row naming and escaping
 * parameters, on the gateway's event loop; the SQL text is cached per batch size.
 */
export function insertStatement(records: SpooledRecord[]): SqlStatement {
  let sql = statements.get(records.length);
  if (!sql) {
    sql = PREFIX + Array(records.length).fill(ROW_PLACEHOLDERS).join(', ');
    statements.set(records.length, sql);
  }
  const params: SqlValue[] = [];
  for (const { uid, record } of records) {
    pushRecordValues(record, params);
    params.push(uid);
  }
  return { sql, params };
}

/**
 * The uids of a batch that are already stored (a replayed segment, a retried commit). On
 * SQLite the uids go as one JSON array, so that every batch runs the one statement compiled
 * (see transaction.ts) instead of compiling an IN list of its own length.
 */
export function storedUidsQuery(
  records: SpooledRecord[],
  dialect: Dialect,
): SqlStatement {
  const uids = records.map(({ uid }) => uid);
  if (dialect === 'sqlite') {
    return {
      sql: 'SELECT record_uid FROM request_records WHERE record_uid IN (SELECT value FROM json_each(?))',
      params: [JSON.stringify(uids)],
    };
  }
  return {
    sql: `SELECT record_uid FROM request_records WHERE record_uid IN (${uids.map(() => '?').join(', ')})`,
    params: uids,
  };
}
