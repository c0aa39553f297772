import type { DataSource } from 'typeorm';
import type { LatencySummary, Percentiles } from './record-query.types';
import { round2, toNumberOrNull, type SqlCondition } from './sql-filter';

const COLUMNS = {
  ttft: 'time_to_first_token_ms',
  rt: 'response_time_ms',
} as const;
const GROUPS = {
  all: '1 = 1',
  streaming: 'is_streaming = 1',
  nonStreaming: 'is_streaming = 0',
} as const;
const RANKS = [0.5, 0.95, 0.99];

type Group = keyof typeof GROUPS;
type Column = keyof typeof COLUMNS;
type Row = Record<string, unknown>;

export type LatencyByGroup = Record<Group, LatencySummary>;

/**
 * Counts, means and nearest-rank percentiles (the smallest value with at least p of the values
 * at or below it: a stored value, where interpolations differ between databases) of time to
 * first token and response time, for all requests and for streamed and non-streamed apart.
 * One scan gives the counts and means; one query per column ranks its values both over the
 * whole window and within each kind of request.
 */
export async function readLatency(
  db: DataSource,
  where: SqlCondition,
): Promise<LatencyByGroup> {
  const [row] = await db.query<Row[]>(
    `SELECT ${aggregateColumns()} FROM request_records ${where.sql}`,
    where.params,
  );
  const [ttft, rt] = await Promise.all(
    (Object.keys(COLUMNS) as Column[]).map((column) =>
      rankedValues(db, where, column, row),
    ),
  );
  const summary = (group: Group): LatencySummary => ({
    count: toNumberOrNull(row[`${group}_count`]) ?? 0,
    avgTimeToFirstTokenMs: round2(row[`${group}_avg_ttft`]),
    timeToFirstTokenMs: ttft[group],
    avgResponseTimeMs: round2(row[`${group}_avg_rt`]),
    responseTimeMs: rt[group],
  });
  return {
    all: summary('all'),
    streaming: summary('streaming'),
    nonStreaming: summary('nonStreaming'),
  };
}

function aggregateColumns(): string {
  return Object.entries(GROUPS)
    .flatMap(([group, condition]) => [
      `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS ${group}_count`,
      ...Object.entries(COLUMNS).flatMap(([key, column]) => [
        `AVG(CASE WHEN ${condition} THEN ${column} END) AS ${group}_avg_${key}`,
        `COUNT(CASE WHEN ${condition} THEN ${column} END) AS ${group}_n_${key}`,
      ]),
    ])
    .join(', ');
}

/** The ranks of p50, p95 and p99 among `n` values. */
function ranksOf(n: number): number[] {
  return RANKS.map((p) => Math.max(1, Math.ceil(p * n)));
}

async function rankedValues(
  db: DataSource,
  where: SqlCondition,
  key: Column,
  counts: Row,
): Promise<Record<Group, Percentiles>> {
  const column = COLUMNS[key];
  const ranks = (group: Group) =>
    ranksOf(toNumberOrNull(counts[`${group}_n_${key}`]) ?? 0);
  const filter = `${where.sql ? `${where.sql} AND` : 'WHERE'} ${column} IS NOT NULL`;
  const rows = await db.query<Row[]>(
    `SELECT value, is_streaming, rn_all, rn_kind FROM (
      SELECT ${column} AS value, is_streaming,
        ROW_NUMBER() OVER (ORDER BY ${column}) AS rn_all,
        ROW_NUMBER() OVER (PARTITION BY is_streaming ORDER BY ${column}) AS rn_kind
      FROM request_records ${filter}
    ) ranked
    WHERE rn_all IN (?, ?, ?)
      OR (is_streaming = 1 AND rn_kind IN (?, ?, ?))
      OR (is_streaming = 0 AND rn_kind IN (?, ?, ?))`,
    [
      ...where.params,
      ...ranks('all'),
      ...ranks('streaming'),
      ...ranks('nonStreaming'),
    ],
  );
  const pick = (group: Group): Percentiles => {
    const rankColumn = group === 'all' ? 'rn_all' : 'rn_kind';
    const streamingFlag = group === 'streaming' ? 1 : 0;
    const found = (rank: number) => {
      const hit = rows.find(
        (r) =>
          Number(r[rankColumn]) === rank &&
          (group === 'all' || Number(r.is_streaming) === streamingFlag),
      );
      return hit ? toNumberOrNull(hit.value) : null;
    };
    const [p50, p95, p99] = ranks(group).map(found);
    return { p50, p95, p99 };
  };
  return {
    all: pick('all'),
    streaming: pick('streaming'),
    nonStreaming: pick('nonStreaming'),
  };
}
