import type { DataSource } from 'typeorm';
import {
  UNBINNED,
  type ColumnDimension,
  type Dimension,
} from '../rollups/breakdown-dimensions';
import {
  readRanking,
  type Ranking,
  type RankSum,
} from '../rollups/breakdown-ranking';
import {
  addSums,
  emptySums,
  readBreakdownSums,
  readNoValueSums,
  type BreakdownSums,
} from '../rollups/breakdown-sum-reads';
import { wholeBuckets, type SplitWindow } from '../rollups/rollup-buckets';
import { BREAKDOWN_BUCKET_MS } from '../rollups/rollup-columns';
import type { TimeWindow } from '../records/record-query.types';
import type { BreakdownSort } from '../records/breakdown.types';
import { dialectOf } from '../sql/dialect';
import { isNothing, NOTHING, type SqlCondition } from '../sql/sql-types';
import { readTotals } from './totals-reader';

/** The sums a ranking by each sort reads of every value: the requests, and the key. */
const RANKED_BY: Record<BreakdownSort, RankSum[]> = {
  requests: ['requests'],
  tokens: ['requests', 'total_tokens'],
  cost: ['requests', 'cost_nano_usd'],
  p95_response_time_ms: ['requests'],
};

export interface Scope {
  split: SplitWindow;
  /** The window's records. */
  window: SqlCondition;
  /** The window as asked. */
  bounds: TimeWindow;
}

/** The sums of every value: enough to rank them, and for a few values, all of them. */
export interface ValueSums {
  ranking: Ranking;
  /**
   * Users and API keys run to thousands of values: every value is read for its sort key
   * alone, all the sums only of the shown ones. Null for the other dimensions, whose ranking
   * holds every sum.
   */
  wide: ColumnDimension | null;
  /** Every value's sums over the whole days added up, when read beside the ranking. */
  together?: Promise<BreakdownSums>;
}

export async function readValueSums(
  db: DataSource,
  dimension: Dimension,
  scope: Scope,
  sort: BreakdownSort,
): Promise<ValueSums> {
  const wide =
    dimension.kind === 'column' && UNBINNED.includes(dimension.name)
      ? dimension.name
      : null;
  if (!wide) {
    const ranking = await readBreakdownSums(db, dimension, scope.split);
    return { ranking: { ...ranking, edgeRecords: 0 }, wide };
  }
  // MySQL runs statements in parallel, and would read most records without a value from disk,
  // one page each (the records outgrow its buffer pool): every value's sums over the whole days
  // come from a second scan of the rollup beside the ranking's. SQLite runs one at a time.
  const together =
    dialectOf(db) === 'mysql' ? readWholeDays(db, dimension, scope) : undefined;
  together?.catch(() => undefined);
  const ranking = await readRanking(db, wide, scope.split, RANKED_BY[sort]);
  return { ranking, wide, together };
}

/** All the sums of the shown values. */
export async function readShownSums(
  db: DataSource,
  dimension: Dimension,
  { ranking, wide }: ValueSums,
  split: SplitWindow,
  shown: string[],
): Promise<Map<string, BreakdownSums>> {
  if (!wide) return ranking.sums;
  const { sums } = await readBreakdownSums(db, dimension, split, {
    values: shown,
  });
  return sums;
}

/** Per record without a value read through an index, about this many rollup rows summed. */
const ROWS_PER_INDEXED_RECORD = 4;

/**
 * The sums of the window's records without a value: every record less every value. For users
 * and API keys, the whole days so (every value's rollup rows added up) and the ragged ends from
 * the records without a value, through the `(column, timestamp_ms, id)` index; on SQLite, when
 * such records are few beside the rollup rows, all of the window that way.
 */
export async function readNoneSums(
  db: DataSource,
  dimension: Dimension,
  scope: Scope,
  totals: BreakdownSums,
  { ranking, wide, together }: ValueSums,
): Promise<BreakdownSums> {
  let valued = 0;
  for (const sums of ranking.sums.values()) valued += sums.requests;
  const without = totals.requests - valued;
  if (without === 0) return emptySums();
  const none = emptySums();
  if (!wide) {
    addSums(none, totals);
    addSums(none, sumOf(ranking.sums.values()), -1);
    return none;
  }
  const summing = ranking.rollupRows + ranking.edgeRecords;
  if (!together && without * ROWS_PER_INDEXED_RECORD < summing) {
    return readNoValueSums(db, wide, scope.window);
  }
  const days = wholeBuckets(scope.bounds, BREAKDOWN_BUCKET_MS);
  const [valuedDays, totalDays, edges] = await Promise.all([
    together ?? readWholeDays(db, dimension, scope),
    days ? readTotals(db, days) : undefined,
    isNothing(scope.split.edges)
      ? emptySums()
      : readNoValueSums(db, wide, scope.split.edges),
  ]);
  if (totalDays) addSums(none, totalDays.all);
  addSums(none, valuedDays, -1);
  addSums(none, edges);
  return none;
}

/** Every value's sums over the window's whole days, added up. */
async function readWholeDays(
  db: DataSource,
  dimension: Dimension,
  { split }: Scope,
): Promise<BreakdownSums> {
  if (isNothing(split.buckets)) return emptySums();
  const { sums } = await readBreakdownSums(
    db,
    dimension,
    { ...split, edges: NOTHING },
    { together: true },
  );
  return sumOf(sums.values());
}

function sumOf(list: Iterable<BreakdownSums>): BreakdownSums {
  const sums = emptySums();
  for (const one of list) addSums(sums, one);
  return sums;
}
