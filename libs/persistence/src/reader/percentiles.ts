import type { DataSource } from 'typeorm';
import type { Percentiles } from './record-query.types';
import { toNumberOrNull, type SqlCondition } from './sql-filter';

const RANKS = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

/**
 * Nearest-rank percentiles (the smallest value with at least p of the values at or below it),
 * so both databases return a stored value rather than an interpolation each does its own way.
 */
export async function percentiles(
  db: DataSource,
  column: string,
  where: SqlCondition,
): Promise<Percentiles> {
  const filter = `${where.sql ? `${where.sql} AND` : 'WHERE'} ${column} IS NOT NULL`;
  const [counted] = await db.query<{ n: unknown }[]>(
    `SELECT COUNT(*) AS n FROM request_records ${filter}`,
    where.params,
  );
  const n = toNumberOrNull(counted.n) ?? 0;
  if (n === 0) return { p50: null, p95: null, p99: null };
  const ranks = Object.values(RANKS).map((p) => Math.max(1, Math.ceil(p * n)));
  const rows = await db.query<{ value: unknown; rn: unknown }[]>(
    `SELECT value, rn FROM (
      SELECT ${column} AS value, ROW_NUMBER() OVER (ORDER BY ${column}) AS rn
      FROM request_records ${filter}
    ) ranked WHERE rn IN (?, ?, ?)`,
    [...where.params, ...ranks],
  );
  const byRank = new Map(
    rows.map((row) => [Number(row.rn), toNumberOrNull(row.value)]),
  );
  const [p50, p95, p99] = ranks.map((rank) => byRank.get(rank) ?? null);
  return { p50, p95, p99 };
}
