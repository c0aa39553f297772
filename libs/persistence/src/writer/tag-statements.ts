import { TAGS_TABLE } from '../entities/request-tag.entity';
import type { SpooledRecord } from '../records/request-record.types';
import type { Dialect } from '../sql/dialect';
import {
  MAX_STATEMENT_PARAMS,
  type SqlStatement,
  type SqlValue,
} from '../sql/sql-types';
import { insertStatement, RECORD_COLUMNS } from './insert-statement';

/** Parameters of one record's row (its uid too) and of one tag's. */
const RECORD_PARAMS = RECORD_COLUMNS.length + 1;
const TAG_PARAMS = 3;

/**
 * How MySQL hands out the ids of one multi-row INSERT: `consecutiveStep` is
 * @@auto_increment_increment when they are consecutive (innodb_autoinc_lock_mode 0 or 1: a
 * multi-row INSERT with its rows known in advance takes its ids in one go), null when they may
 * interleave with another writer's (mode 2).
 */
export interface IdAllocation {
  consecutiveStep: number | null;
}

const PER_ROW: IdAllocation = { consecutiveStep: null };

/** What a MySQL server's variables say of its id allocation. */
export function idAllocationOf(
  lockMode: number,
  increment: number,
): IdAllocation {
  return { consecutiveStep: lockMode <= 1 ? increment : null };
}

const hasTags = ({ record }: SpooledRecord) => {
  for (const name in record.tags) return true;
  return false;
};

/**
 * The INSERTs of a batch of records and of their tags, which need the ids the database gives
 * the records. On SQLite the transaction holds the only write lock from the first INSERT on,
 * so one multi-row INSERT gives the batch the highest ids, in order, and each tag row is
 * placed by its offset from MAX(id). MySQL gives no such promise (with
 * innodb_autoinc_lock_mode=2, its default since 8.0, a multi-row INSERT's ids may interleave
 * with another writer's), so there a record with tags is inserted alone and its tags take
 * LAST_INSERT_ID(), which is the connection's own; runs of records without tags still go
 * many at once.
 */
export function recordStatements(
  records: SpooledRecord[],
  dialect: Dialect,
  ids: IdAllocation = PER_ROW,
): SqlStatement[] {
  return fittingRuns(records).flatMap((run) =>
    runStatements(run, dialect, ids),
  );
}

/**
 * The batch in runs whose records, and whose tags, each fit one statement's parameters: each
 * run's tags follow its own INSERT, so their offsets from its ids stay right.
 */
function fittingRuns(records: SpooledRecord[]): SpooledRecord[][] {
  const runs: SpooledRecord[][] = [];
  let run: SpooledRecord[] = [];
  let recordParams = 0;
  let tagParams = 0;
  for (const entry of records) {
    const tags = TAG_PARAMS * Object.keys(entry.record.tags).length;
    if (
      run.length > 0 &&
      (recordParams + RECORD_PARAMS > MAX_STATEMENT_PARAMS ||
        tagParams + tags > MAX_STATEMENT_PARAMS)
    ) {
      runs.push(run);
      run = [];
      recordParams = 0;
      tagParams = 0;
    }
    run.push(entry);
    recordParams += RECORD_PARAMS;
    tagParams += tags;
  }
  if (run.length) runs.push(run);
  return runs;
}

function runStatements(
  records: SpooledRecord[],
  dialect: Dialect,
  ids: IdAllocation,
): SqlStatement[] {
  if (dialect === 'sqlite') {
    const tags = sqliteTags(records);
    return tags ? [insertStatement(records), tags] : [insertStatement(records)];
  }
  if (ids.consecutiveStep !== null) {
    const tags = mysqlOffsetTags(records, ids.consecutiveStep);
    return tags ? [insertStatement(records), tags] : [insertStatement(records)];
  }
  // In the batch's order, so ids still follow it: runs of untagged records many at once.
  const statements: SqlStatement[] = [];
  let run: SpooledRecord[] = [];
  for (const entry of records) {
    if (!hasTags(entry)) {
      run.push(entry);
      continue;
    }
    if (run.length) statements.push(insertStatement(run));
    run = [];
    statements.push(insertStatement([entry]), mysqlTags(entry));
  }
  if (run.length) statements.push(insertStatement(run));
  return statements;
}

function sqliteTags(records: SpooledRecord[]): SqlStatement | null {
  const params: SqlValue[] = [];
  const rows: string[] = [];
  records.forEach(({ record }, index) => {
    const offset = records.length - 1 - index;
    for (const [name, value] of Object.entries(record.tags)) {
      rows.push('(?, ?, ?)');
      params.push(offset, name, value);
    }
  });
  if (rows.length === 0) return null;
  return {
    sql: `INSERT INTO ${TAGS_TABLE} (record_id, name, value) SELECT last.id - t.column1, t.column2, t.column3 FROM (SELECT MAX(id) AS id FROM request_records) AS last, (VALUES ${rows.join(', ')}) AS t`,
    params,
  };
}

/** LAST_INSERT_ID() is the first id of the connection's last multi-row INSERT. */
function mysqlOffsetTags(
  records: SpooledRecord[],
  step: number,
): SqlStatement | null {
  const params: SqlValue[] = [];
  const rows: string[] = [];
  records.forEach(({ record }, index) => {
    for (const [name, value] of Object.entries(record.tags)) {
      rows.push('(LAST_INSERT_ID() + ?, ?, ?)');
      params.push(index * step, name, value);
    }
  });
  if (rows.length === 0) return null;
  return {
    sql: `INSERT INTO ${TAGS_TABLE} (record_id, name, value) VALUES ${rows.join(', ')}`,
    params,
  };
}

function mysqlTags({ record }: SpooledRecord): SqlStatement {
  const entries = Object.entries(record.tags);
  return {
    sql: `INSERT INTO ${TAGS_TABLE} (record_id, name, value) VALUES ${entries.map(() => '(LAST_INSERT_ID(), ?, ?)').join(', ')}`,
    params: entries.flat(),
  };
}
