import type { ColumnOf } from '../entities/column-spec';
import type { Dialect } from '../sql/dialect';
import {
  MAX_STATEMENT_PARAMS,
  type SqlStatement,
  type SqlValue,
} from '../sql/sql-types';

type Merge = 'add' | 'min' | 'max';

export interface UpsertTable<Row> {
  name: string;
  /** Every column, in the entity's order. */
  columns: (keyof Row & string)[];
  /** The primary key. */
  keys: string[];
  /** The other columns, added to (or kept the least or greatest of) on a duplicate key. */
  merged: [string, Merge][];
}

/** An upsert's view of a rollup entity; other columns than the key add up unless told. */
export function upsertTable<Row>(
  name: string,
  columns: Pick<ColumnOf<unknown>, 'name' | 'primary'>[],
  merges: Partial<Record<keyof Row, Merge>> = {},
): UpsertTable<Row> {
  const merged = columns.filter((column) => !column.primary);
  return {
    name,
    columns: columns.map((column) => column.name as keyof Row & string),
    keys: columns.filter((column) => column.primary).map(({ name }) => name),
    merged: merged.map(({ name }) => [
      name,
      merges[name as keyof Row] ?? 'add',
    ]),
  };
}

const MERGES: Record<Dialect, Record<Merge, (column: string) => string>> = {
  sqlite: {
    add: (c) => `${c} = ${c} + excluded.${c}`,
    min: (c) => `${c} = MIN(${c}, excluded.${c})`,
    max: (c) => `${c} = MAX(${c}, excluded.${c})`,
  },
  // VALUES() is deprecated on MySQL 8 in favour of a row alias that MariaDB lacks; both take it.
  mysql: {
    add: (c) => `${c} = ${c} + VALUES(${c})`,
    min: (c) => `${c} = LEAST(${c}, VALUES(${c}))`,
    max: (c) => `${c} = GREATEST(${c}, VALUES(${c}))`,
  },
};

/** Multi-row upserts of the rows sorted by key; none when there are no rows. */
export function upsert<Row>(
  table: UpsertTable<Row>,
  rows: Map<string, Row>,
  dialect: Dialect,
): SqlStatement[] {
  const keys = [...rows.keys()].sort();
  return upsertInOrder(
    table,
    keys.map((key) => rows.get(key) as Row),
    dialect,
  );
}

/**
 * Multi-row upserts of rows already in key order, so that every writer takes their row locks
 * in the same order: one statement, or several in turn when the rows need more parameters than
 * one takes.
 */
export function upsertInOrder<Row>(
  table: UpsertTable<Row>,
  rows: Row[],
  dialect: Dialect,
): SqlStatement[] {
  const perStatement = Math.floor(MAX_STATEMENT_PARAMS / table.columns.length);
  const statements: SqlStatement[] = [];
  for (let from = 0; from < rows.length; from += perStatement) {
    statements.push(
      upsertStatement(table, rows.slice(from, from + perStatement), dialect),
    );
  }
  return statements;
}

function upsertStatement<Row>(
  table: UpsertTable<Row>,
  rows: Row[],
  dialect: Dialect,
): SqlStatement {
  const placeholders = `(${table.columns.map(() => '?').join(', ')})`;
  const merges = table.merged
    .map(([name, merge]) => MERGES[dialect][merge](name))
    .join(', ');
  const conflict =
    dialect === 'mysql'
      ? `ON DUPLICATE KEY UPDATE ${merges}`
      : `ON CONFLICT (${table.keys.join(', ')}) DO UPDATE SET ${merges}`;
  const params: SqlValue[] = [];
  for (const row of rows) {
    for (const column of table.columns) params.push(row[column] as SqlValue);
  }
  return {
    sql: `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${Array(
      rows.length,
    )
      .fill(placeholders)
      .join(', ')} ${conflict}`,
    params,
  };
}

/** The columns every histogram row has, whatever its key. */
interface BinCounts {
  requests: number;
  min_ms: number;
  max_ms: number;
}

/**
 * Counts `ms` in the batch's histogram row at `key`; `create` makes the row, counting `ms`
 * alone, when there is none yet.
 */
export function countInBin<K, Row extends BinCounts>(
  rows: Map<K, Row>,
  key: K,
  ms: number,
  create: () => Row,
): void {
  const row = rows.get(key);
  if (row) {
    row.requests++;
    if (ms < row.min_ms) row.min_ms = ms;
    if (ms > row.max_ms) row.max_ms = ms;
  } else {
    rows.set(key, create());
  }
}
