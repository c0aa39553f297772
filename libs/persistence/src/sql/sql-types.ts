/** A value a `?` placeholder takes; both better-sqlite3 and mysql2 accept these. */
export type SqlValue = string | number | null;

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
