import type { DataSource } from 'typeorm';
import type { LatencyBin } from './latency-bins';
import type { SplitWindow } from './rollup-buckets';
import {
  LATENCY_METRICS,
  LATENCY_TABLE,
  TOTAL_COLUMNS,
  TOTALS_TABLE,
  type LatencyMetric,
} from './rollup-columns';
import {
  latencyFromRecords,
  totalsFromRecords,
  type Grouping,
} from './rollup-sources';

type Row = Record<string, unknown>;

/** How rows are grouped: per chart bucket of this length, per kind of request, or both. */
export type RollupGrouping = Omit<Grouping, 'where'>;

interface UnionParts {
  table: string;
  /** The rollup table's columns after the group keys, in the order the record SELECTs give. */
  columns: string[];
  /** What the outer query makes of them, after the group keys. */
  merged: string[];
  /** Group keys after the grouping's own. */
  keys: string[];
  fromRecords: { sql: string; params: (string | number)[] }[];
}

/**
 * A rollup table's whole buckets and the records of the window's ragged ends, shaped alike by
 * rollup-sources.ts, merged per group in one query.
 */
function readUnion(
  db: DataSource,
  { buckets }: SplitWindow,
  { bucketMs, byKind }: RollupGrouping,
  parts: UnionParts,
): Promise<Row[]> {
  const groupKeys = [
    ...(bucketMs ? ['bucket_ms'] : []),
    ...(byKind ? ['is_streaming'] : []),
  ];
  const rollupKeys = [
    ...(bucketMs ? [`(bucket_ms - bucket_ms % ${bucketMs}) AS bucket_ms`] : []),
    ...(byKind ? ['is_streaming'] : []),
  ];
  const keys = [...groupKeys, ...parts.keys];
  return db.query<Row[]>(
    `SELECT ${[...groupKeys, ...parts.merged].join(', ')} FROM (
      SELECT ${[...rollupKeys, ...parts.columns].join(', ')} FROM ${parts.table}
      WHERE ${buckets.sql}
      ${parts.fromRecords.map(({ sql }) => `UNION ALL ${sql}`).join(' ')}
    ) merged GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}`,
    [...buckets.params, ...parts.fromRecords.flatMap(({ params }) => params)],
  );
}

/** The totals of each group, one row per group with a column per total. */
export function readTotalRows(
  db: DataSource,
  split: SplitWindow,
  grouping: RollupGrouping,
): Promise<Row[]> {
  const names = TOTAL_COLUMNS.map(({ name }) => name);
  return readUnion(db, split, grouping, {
    table: TOTALS_TABLE,
    columns: names,
    merged: names.map((name) => `SUM(${name}) AS ${name}`),
    keys: [],
    fromRecords: [totalsFromRecords({ where: split.edges, ...grouping })],
  });
}

/** A histogram bin of one latency in one group. */
export interface GroupedBin extends LatencyBin {
  metric: LatencyMetric;
  /** The chart bucket, when grouped by bucket. */
  startMs: number;
  /** The kind of request, when grouped by kind. */
  streaming: boolean;
}

/** The latency histogram bins of each group, sorted by group, metric, then bound. */
export async function readLatencyBins(
  db: DataSource,
  split: SplitWindow,
  grouping: RollupGrouping,
): Promise<GroupedBin[]> {
  const metrics = Object.keys(LATENCY_METRICS) as LatencyMetric[];
  const rows = await readUnion(db, split, grouping, {
    table: LATENCY_TABLE,
    columns: ['metric', 'bin_ms', 'requests', 'min_ms', 'max_ms'],
    merged: [
      'metric',
      'bin_ms',
      'SUM(requests) AS requests',
      'MIN(min_ms) AS min_ms',
      'MAX(max_ms) AS max_ms',
    ],
    keys: ['metric', 'bin_ms'],
    fromRecords: metrics.map((metric) =>
      latencyFromRecords(metric, { where: split.edges, ...grouping }),
    ),
  });
  return rows.map((row) => ({
    metric: String(row.metric) as LatencyMetric,
    startMs: Number(row.bucket_ms ?? 0),
    streaming: Number(row.is_streaming) === 1,
    lowerMs: Number(row.bin_ms),
    count: Number(row.requests),
    minMs: Number(row.min_ms),
    maxMs: Number(row.max_ms),
  }));
}
