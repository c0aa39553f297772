import type { ColumnOf } from '../entities/column-spec';
import {
  LATENCY_TABLE_COLUMNS,
  type LatencyRow,
} from '../entities/request-latency-daily.entity';
import {
  TOTALS_TABLE_COLUMNS,
  type TotalsRow,
} from '../entities/request-totals-hourly.entity';
import {
  VALUES_TABLE_COLUMNS,
  type ValuesRow,
} from '../entities/request-values-hourly.entity';
import type { RequestRecordInput } from '../records/request-record.types';
import type { Dialect } from '../sql/dialect';
import type { SqlStatement, SqlValue } from '../sql/sql-types';
import { binOf } from './latency-bins';
import { bucketOf } from './rollup-buckets';
import {
  LATENCY_BUCKET_MS,
  LATENCY_METRICS,
  LATENCY_TABLE,
  TOTAL_COLUMNS,
  TOTALS_BUCKET_MS,
  TOTALS_TABLE,
  VALUE_DIMENSIONS,
  VALUES_BUCKET_MS,
  VALUES_TABLE,
  type LatencyMetric,
  type ValueDimension,
} from './rollup-columns';

type Merge = 'add' | 'min' | 'max';

interface UpsertTable<Row> {
  name: string;
  /** Every column, in the entity's order. */
  columns: (keyof Row & string)[];
  /** The primary key. */
  keys: string[];
  /** The other columns, added to (or kept the least or greatest of) on a duplicate key. */
  merged: [string, Merge][];
}

/** An upsert's view of a rollup entity; other columns than the key add up unless told. */
function upsertTable<Row>(
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

const TOTALS = upsertTable<TotalsRow>(TOTALS_TABLE, TOTALS_TABLE_COLUMNS);
const VALUES = upsertTable<ValuesRow>(VALUES_TABLE, VALUES_TABLE_COLUMNS);
const LATENCY = upsertTable<LatencyRow>(LATENCY_TABLE, LATENCY_TABLE_COLUMNS, {
  min_ms: 'min',
  max_ms: 'max',
});

/**
 * The rollup rows a batch of records adds to, as upserts. Rows are sorted by key so that two
 * gateways writing the same hour at once take their row locks in the same order on MySQL.
 */
export function rollupUpserts(
  records: RequestRecordInput[],
  dialect: Dialect,
): SqlStatement[] {
  return [
    upsert(TOTALS, totals(records), dialect),
    upsert(VALUES, values(records), dialect),
    upsert(LATENCY, latency(records), dialect),
  ].filter((statement): statement is SqlStatement => statement !== null);
}

function emptyTotals(bucket: number, streaming: number): TotalsRow {
  const row = { bucket_ms: bucket, is_streaming: streaming } as TotalsRow;
  for (const { name } of TOTAL_COLUMNS) row[name] = 0;
  return row;
}

function totals(records: RequestRecordInput[]): Map<string, TotalsRow> {
  const rows = new Map<string, TotalsRow>();
  for (const record of records) {
    const bucket = bucketOf(record.timestamp.getTime(), TOTALS_BUCKET_MS);
    const streaming = record.isStreaming ? 1 : 0;
    const key = `${bucket}:${streaming}`;
    let row = rows.get(key);
    if (!row) {
      row = emptyTotals(bucket, streaming);
      rows.set(key, row);
    }
    for (const column of TOTAL_COLUMNS) row[column.name] += column.of(record);
  }
  return rows;
}

function values(records: RequestRecordInput[]): Map<string, ValuesRow> {
  const rows = new Map<string, ValuesRow>();
  for (const record of records) {
    const bucket = bucketOf(record.timestamp.getTime(), VALUES_BUCKET_MS);
    for (const dimension of Object.keys(VALUE_DIMENSIONS) as ValueDimension[]) {
      const value = VALUE_DIMENSIONS[dimension](record);
      if (value == null) continue;
      const key = `${dimension}:${bucket}:${value}`;
      const row = rows.get(key);
      if (row) row.requests++;
      else rows.set(key, { dimension, bucket_ms: bucket, value, requests: 1 });
    }
  }
  return rows;
}

function latency(records: RequestRecordInput[]): Map<string, LatencyRow> {
  const rows = new Map<string, LatencyRow>();
  for (const record of records) {
    const bucket = bucketOf(record.timestamp.getTime(), LATENCY_BUCKET_MS);
    const streaming = record.isStreaming ? 1 : 0;
    for (const metric of Object.keys(LATENCY_METRICS) as LatencyMetric[]) {
      const value = LATENCY_METRICS[metric].of(record);
      if (value == null) continue;
      const ms = Math.round(value);
      const bin = binOf(ms);
      const key = `${metric}:${bucket}:${streaming}:${bin}`;
      const row = rows.get(key);
      if (row) {
        row.requests++;
        row.min_ms = Math.min(row.min_ms, ms);
        row.max_ms = Math.max(row.max_ms, ms);
      } else {
        rows.set(key, {
          metric,
          bucket_ms: bucket,
          is_streaming: streaming,
          bin_ms: bin,
          requests: 1,
          min_ms: ms,
          max_ms: ms,
        });
      }
    }
  }
  return rows;
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
function upsert<Row>(
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
