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

/**
 * Multi-row upserts of rows already in key order, so that every writer takes their row locks
 * in the same order: one statement, or several in turn when the rows need more parameters than
 * one takes. The rows come as their values one after another, each in the table's column
 * order: the writer fills one array per table rather than an object per row.
 */
export function upsertValues<Row>(
  table: UpsertTable<Row>,
  values: SqlValue[],
  dialect: Dialect,
): SqlStatement[] {
  const width = table.columns.length;
  const rows = values.length / width;
  const statements: SqlStatement[] = [];
  let from = 0;
  for (const size of statementSizes(
    rows,
    Math.floor(MAX_STATEMENT_PARAMS / width),
    dialect,
  )) {
    statements.push({
      sql: upsertSql(table, size, dialect),
      params:
        size === rows
          ? values
          : values.slice(from * width, (from + size) * width),
    });
    from += size;
  }
  return statements;
}

/** SQLite's statements carry at most this many rows (see statementSizes). */
const SQLITE_ROWS = 64;

/**
 * How many rows each statement of `rows` carries. On MySQL as many as fit, each statement
 * being a round trip. On SQLite, whose statements are compiled in-process and kept (see
 * transaction.ts), sizes that recur from batch to batch: runs of 64, then the powers of two
 * that make up the rest, so that a batch compiles few statements it has not seen before.
 */
function statementSizes(
  rows: number,
  most: number,
  dialect: Dialect,
): number[] {
  const sizes: number[] = [];
  const step = dialect === 'sqlite' ? Math.min(SQLITE_ROWS, most) : most;
  let left = rows;
  for (; left >= step; left -= step) sizes.push(step);
  if (left === 0) return sizes;
  if (dialect !== 'sqlite') return [...sizes, left];
  for (let size = 2 ** Math.floor(Math.log2(left)); size >= 1; size /= 2) {
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/**
 * SQLite's statement texts by table and size: they recur batch after batch (a few sizes per
 * table), and are then looked up in the compiled statements by text. MySQL's sizes vary with
 * every batch, so its texts are built each time.
 */
const sqliteTexts = new WeakMap<object, Map<number, string>>();

function upsertSql<Row>(
  table: UpsertTable<Row>,
  rows: number,
  dialect: Dialect,
): string {
  if (dialect !== 'sqlite') return upsertText(table, rows, dialect);
  let texts = sqliteTexts.get(table);
  if (!texts) sqliteTexts.set(table, (texts = new Map<number, string>()));
  let text = texts.get(rows);
  if (text === undefined)
    texts.set(rows, (text = upsertText(table, rows, dialect)));
  return text;
}

function upsertText<Row>(
  table: UpsertTable<Row>,
  rows: number,
  dialect: Dialect,
): string {
  const placeholders = `(${table.columns.map(() => '?').join(', ')})`;
  const merges = table.merged
    .map(([name, merge]) => MERGES[dialect][merge](name))
    .join(', ');
  const conflict =
    dialect === 'mysql'
      ? `ON DUPLICATE KEY UPDATE ${merges}`
      : `ON CONFLICT (${table.keys.join(', ')}) DO UPDATE SET ${merges}`;
  return `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${Array(
    rows,
  )
    .fill(placeholders)
    .join(', ')} ${conflict}`;
}
