/** A value a `?` placeholder takes; both better-sqlite3 and mysql2 accept these. */
export type SqlValue = string | number | null;

/**
 * The most parameters one statement is given: SQLite refuses more than 32,766. Multi-row
 * statements are split to stay under it (a batch of records with latencies all apart can give a
 * histogram thousands of rows, and a full batch of records nearly that many values).
 */
export const MAX_STATEMENT_PARAMS = 30_000;

export interface SqlStatement {
  sql: string;
  params: SqlValue[];
}

/** A condition without the WHERE keyword; '1 = 1' when it selects everything. */
export interface SqlCondition {
  sql: string;
  params: (string | number)[];
}

export const EVERYTHING: SqlCondition = { sql: '1 = 1', params: [] };
export const NOTHING: SqlCondition = { sql: '1 = 0', params: [] };

/** Whether a condition is NOTHING, which no row meets: its query can be left out. */
export const isNothing = (condition: SqlCondition): boolean =>
  condition.sql === NOTHING.sql;
