import type { ColumnOf } from '../entities/column-spec';
import type { Dialect } from '../sql/dialect';
import type { SqlStatement, SqlValue } from '../sql/sql-types';

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

/** One multi-row upsert of the rows sorted by key; null when there are none. */
export function upsert<Row>(
  table: UpsertTable<Row>,
  rows: Map<string, Row>,
  dialect: Dialect,
): SqlStatement | null {
  if (rows.size === 0) return null;
  const sorted = [...rows.keys()].sort().map((key) => rows.get(key) as Row);
  const placeholders = `(${table.columns.map(() => '?').join(', ')})`;
  const merges = table.merged
    .map(([name, merge]) => MERGES[dialect][merge](name))
    .join(', ');
  const conflict =
    dialect === 'mysql'
      ? `ON DUPLICATE KEY UPDATE ${merges}`
      : `ON CONFLICT (${table.keys.join(', ')}) DO UPDATE SET ${merges}`;
  return {
    sql: `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${sorted
      .map(() => placeholders)
      .join(', ')} ${conflict}`,
    params: sorted.flatMap((row) =>
      table.columns.map((column) => row[column] as SqlValue),
    ),
  };
}

/** The columns every histogram row has, whatever its key. */
interface BinCounts {
  requests: number;
  min_ms: number;
  max_ms: number;
}

/** Counts `ms` in the batch's histogram row at `key`, made by `create` when there is none yet. */
export function countInBin<Row extends BinCounts>(
  rows: Map<string, Row>,
  key: string,
  ms: number,
  create: () => Omit<Row, keyof BinCounts>,
): void {
  const row = rows.get(key);
  if (row) {
    row.requests++;
    row.min_ms = Math.min(row.min_ms, ms);
    row.max_ms = Math.max(row.max_ms, ms);
  } else {
    rows.set(key, { ...create(), requests: 1, min_ms: ms, max_ms: ms } as Row);
  }
}
