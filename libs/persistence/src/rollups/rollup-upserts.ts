import type { DataSource } from 'typeorm';
import type { RequestRecordInput } from '../records/request-record.types';
import type { SqlStatement, SqlValue } from '../writer/insert-statement';
import { bucketOf } from './rollup-buckets';
import { binOf } from './latency-bins';
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

export type Dialect = 'mysql' | 'sqlite';

export function dialectOf(dataSource: DataSource): Dialect {
  return dataSource.options.type === 'mysql' ? 'mysql' : 'sqlite';
}

type Merge = 'add' | 'min' | 'max';

interface UpsertTable {
  name: string;
  keys: string[];
  /** The columns added to (or kept the least or greatest of) when the key is already there. */
  merged: [string, Merge][];
}

/**
 * The rollup rows a batch of records adds to, as upserts. Rows are sorted by key so that two
 * gateways writing the same hour at once take their row locks in the same order on MySQL.
 */
export function rollupUpserts(
  records: RequestRecordInput[],
  dialect: Dialect,
): SqlStatement[] {
  return [totals(records), values(records), latency(records)]
    .filter(({ rows }) => rows.length > 0)
    .map(({ table, rows }) => upsert(table, rows, dialect));
}

function totals(records: RequestRecordInput[]) {
  const rows = new Map<string, SqlValue[]>();
  for (const record of records) {
    const bucket = bucketOf(record.timestamp.getTime(), TOTALS_BUCKET_MS);
    const streaming = record.isStreaming ? 1 : 0;
    const key = `${bucket}:${streaming}`;
    let row = rows.get(key);
    if (!row) {
      row = [bucket, streaming, ...TOTAL_COLUMNS.map(() => 0)];
      rows.set(key, row);
    }
    TOTAL_COLUMNS.forEach((column, i) => {
      (row[i + 2] as number) += column.of(record);
    });
  }
  const table: UpsertTable = {
    name: TOTALS_TABLE,
    keys: ['bucket_ms', 'is_streaming'],
    merged: TOTAL_COLUMNS.map(({ name }) => [name, 'add']),
  };
  return { table, rows: sorted(rows) };
}

function values(records: RequestRecordInput[]) {
  const rows = new Map<string, SqlValue[]>();
  for (const record of records) {
    const bucket = bucketOf(record.timestamp.getTime(), VALUES_BUCKET_MS);
    for (const dimension of Object.keys(VALUE_DIMENSIONS) as ValueDimension[]) {
      const value = VALUE_DIMENSIONS[dimension](record);
      if (value == null) continue;
      const key = `${dimension}:${bucket}:${value}`;
      const row = rows.get(key);
      if (row) (row[3] as number)++;
      else rows.set(key, [dimension, bucket, value, 1]);
    }
  }
  const table: UpsertTable = {
    name: VALUES_TABLE,
    keys: ['dimension', 'bucket_ms', 'value'],
    merged: [['requests', 'add']],
  };
  return { table, rows: sorted(rows) };
}

function latency(records: RequestRecordInput[]) {
  const rows = new Map<string, SqlValue[]>();
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
        (row[4] as number)++;
        row[5] = Math.min(row[5] as number, ms);
        row[6] = Math.max(row[6] as number, ms);
      } else {
        rows.set(key, [metric, bucket, streaming, bin, 1, ms, ms]);
      }
    }
  }
  const table: UpsertTable = {
    name: LATENCY_TABLE,
    keys: ['metric', 'bucket_ms', 'is_streaming', 'bin_ms'],
    merged: [
      ['requests', 'add'],
      ['min_ms', 'min'],
      ['max_ms', 'max'],
    ],
  };
  return { table, rows: sorted(rows) };
}

function sorted(rows: Map<string, SqlValue[]>): SqlValue[][] {
  return [...rows.keys()].sort().map((key) => rows.get(key) as SqlValue[]);
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

function upsert(
  table: UpsertTable,
  rows: SqlValue[][],
  dialect: Dialect,
): SqlStatement {
  const columns = [...table.keys, ...table.merged.map(([name]) => name)];
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const merges = table.merged
    .map(([name, merge]) => MERGES[dialect][merge](name))
    .join(', ');
  const conflict =
    dialect === 'mysql'
      ? `ON DUPLICATE KEY UPDATE ${merges}`
      : `ON CONFLICT (${table.keys.join(', ')}) DO UPDATE SET ${merges}`;
  return {
    sql: `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES ${rows
      .map(() => placeholders)
      .join(', ')} ${conflict}`,
    params: rows.flat(),
  };
}
