import type { DataSource } from 'typeorm';
import {
  UNBINNED,
  type ColumnDimension,
  type Dimension,
} from '../rollups/breakdown-dimensions';
import { readRanking, type RankSum } from '../rollups/breakdown-ranking';
import {
  addSums,
  emptySums,
  readBreakdownSums,
  readNoValueSums,
  type BreakdownSums,
} from '../rollups/breakdown-sum-reads';
import type { SplitWindow } from '../rollups/rollup-buckets';
import type { BreakdownSort } from '../records/breakdown.types';

/** The sums a ranking by each sort reads of every value: the requests, and the key. */
const RANKED_BY: Record<BreakdownSort, RankSum[]> = {
  requests: ['requests'],
  tokens: ['requests', 'total_tokens'],
  cost: ['requests', 'cost_nano_usd'],
  p95_response_time_ms: ['requests'],
};

/** The sums of every value: enough to rank them, and for a few values, all of them. */
export interface ValueSums {
  ranking: Map<string, BreakdownSums>;
  /**
   * Users and API keys run to thousands of values: every value is read for its sort key
   * alone, all the sums only of the shown ones. Null for the other dimensions, whose ranking
   * holds every sum.
   */
  wide: ColumnDimension | null;
}

export async function readValueSums(
  db: DataSource,
  dimension: Dimension,
  split: SplitWindow,
  sort: BreakdownSort,
): Promise<ValueSums> {
  const wide =
    dimension.kind === 'column' && UNBINNED.includes(dimension.name)
      ? dimension.name
      : null;
  const ranking = wide
    ? await readRanking(db, wide, split, RANKED_BY[sort])
    : await readBreakdownSums(db, dimension, split);
  return { ranking, wide };
}

/** All the sums of the shown values. */
export async function readShownSums(
  db: DataSource,
  dimension: Dimension,
  { ranking, wide }: ValueSums,
  split: SplitWindow,
  shown: string[],
): Promise<Map<string, BreakdownSums>> {
  if (!wide) return ranking;
  return readBreakdownSums(db, dimension, split, { values: shown });
}

/**
 * The sums of the window's records without a value: for users and API keys, as the writer keeps
 * them (see readNoValueSums); for the other dimensions, with few values, every record less
 * every value.
 */
export async function readNoneSums(
  db: DataSource,
  split: SplitWindow,
  totals: BreakdownSums,
  { ranking, wide }: ValueSums,
): Promise<BreakdownSums> {
  let valued = 0;
  for (const sums of ranking.values()) valued += sums.requests;
  if (totals.requests === valued) return emptySums();
  if (wide) return readNoValueSums(db, wide, split);
  const none = emptySums();
  addSums(none, totals);
  for (const sums of ranking.values()) addSums(none, sums, -1);
  return none;
}
