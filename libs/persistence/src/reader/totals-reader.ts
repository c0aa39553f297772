import type { DataSource } from 'typeorm';
import type { TotalName } from '../entities/request-totals-hourly.entity';
import {
  TOTAL_COLUMNS,
  TOTALS_BUCKET_MS,
  TOTALS_TABLE,
} from '../rollups/rollup-columns';
import { DAY_MS, splitWindow } from '../rollups/rollup-buckets';
import { readTotalRows } from '../rollups/rollup-reads';
import type { TimeWindow } from '../records/record-query.types';
import { toNumberOrNull } from '../sql/numbers';

/** Each summed column of request_totals_hourly, by its name. */
export type Totals = Record<TotalName, number>;

/** The rollup's sums over a window, for each kind of request and for both together. */
export interface TotalsByKind {
  all: Totals;
  streaming: Totals;
  nonStreaming: Totals;
}

type Row = Record<string, unknown>;

/** Whole hours from `request_totals_hourly`, the ragged ends from the records. */
export async function readTotals(
  db: DataSource,
  window: TimeWindow,
): Promise<TotalsByKind> {
  const names = TOTAL_COLUMNS.map(({ name }) => name);
  const rows = await readTotalRows(db, splitWindow(window, TOTALS_BUCKET_MS), {
    byKind: true,
  });
  const ofKind = (streaming: number): Totals => {
    const row = rows.find((r) => Number(r.is_streaming) === streaming);
    return Object.fromEntries(
      names.map((n) => [n, toNumberOrNull(row?.[n]) ?? 0]),
    ) as Totals;
  };
  const streaming = ofKind(1);
  const nonStreaming = ofKind(0);
  const all = Object.fromEntries(
    names.map((n) => [n, streaming[n] + nonStreaming[n]]),
  ) as Totals;
  return { all, streaming, nonStreaming };
}

/** How many requests of the window arrived in the 24 hours before `now`. */
export async function countRecent(
  db: DataSource,
  window: TimeWindow,
  now: Date,
): Promise<number> {
  const dayAgo = now.getTime() - DAY_MS;
  const start = Math.max(window.start?.getTime() ?? dayAgo, dayAgo);
  const split = splitWindow(
    { start: new Date(start), end: window.end },
    TOTALS_BUCKET_MS,
  );
  const [row] = await db.query<Row[]>(
    `SELECT SUM(n) AS n FROM (
      SELECT requests AS n FROM ${TOTALS_TABLE} WHERE ${split.buckets.sql}
      UNION ALL SELECT COUNT(*) AS n FROM request_records WHERE ${split.edges.sql}
    ) recent`,
    [...split.buckets.params, ...split.edges.params],
  );
  return toNumberOrNull(row?.n) ?? 0;
}
