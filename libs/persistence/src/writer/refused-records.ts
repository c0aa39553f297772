import type { DataSource } from 'typeorm';
import type { SpooledRecord } from '../records/request-record.types';
import { commitBatch } from './commit-batch';
import type { IdAllocation } from './tag-statements';

/** A record the database will not take, whatever the retry, and why. */
export interface RefusedRecord {
  entry: SpooledRecord;
  reason: string;
}

export interface CommitOutcome {
  /** Records stored by this commit (not those the database already had). */
  fresh: number;
  refused: RefusedRecord[];
}

/**
 * MySQL's data errors: SQLSTATE class 22 (a value out of range, too long, invalid) and 23 (a
 * constraint: NOT NULL, a key), and two that MariaDB reports as HY000 or 01000 in strict mode,
 * an incorrect value (1366) and a truncated one (1265).
 */
const MYSQL_DATA_ERRNOS = new Set([1366, 1265]);
/** SQLite's, by base code: a constraint, a value of the wrong type, a value over its limit. */
const SQLITE_DATA_CODES = new Set([
  'SQLITE_CONSTRAINT',
  'SQLITE_MISMATCH',
  'SQLITE_TOOBIG',
]);

interface DriverErrorLike {
  sqlState?: unknown;
  errno?: unknown;
  code?: unknown;
  driverError?: unknown;
}

/**
 * Whether the database refused the data itself, so the same statement fails every time; any
 * other error (a connection lost, a lock timeout, a deadlock, a table away) may pass on a retry.
 * Read by shape: TypeORM wraps the driver's error in `driverError`.
 */
export function isRefusedData(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { sqlState, errno, code, driverError } = error as DriverErrorLike;
  if (typeof sqlState === 'string' && /^2[23]/.test(sqlState)) return true;
  if (typeof errno === 'number' && MYSQL_DATA_ERRNOS.has(errno)) return true;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return SQLITE_DATA_CODES.has(code.split('_').slice(0, 2).join('_'));
  }
  return driverError !== undefined && driverError !== error
    ? isRefusedData(driverError)
    : false;
}

/**
 * Commits a batch; when the database refuses its data, commits it in halves, down to the
 * records it refuses one by one, which are returned rather than retried for ever (one bad
 * record would otherwise hold back every record behind it). A batch of n records with one
 * refused costs about 2·log2(n) more transactions, once. Any other error is thrown, and the
 * batch retried later: what a half committed before it is then skipped as already stored.
 */
export async function commitOrSetAside(
  dataSource: DataSource,
  batch: SpooledRecord[],
  ids?: IdAllocation,
): Promise<CommitOutcome> {
  try {
    return { fresh: await commitBatch(dataSource, batch, ids), refused: [] };
  } catch (error) {
    if (!isRefusedData(error)) throw error;
    if (batch.length === 1) {
      return {
        fresh: 0,
        refused: [{ entry: batch[0], reason: (error as Error).message }],
      };
    }
  }
  const middle = Math.ceil(batch.length / 2);
  const first = await commitOrSetAside(dataSource, batch.slice(0, middle), ids);
  const second = await commitOrSetAside(dataSource, batch.slice(middle), ids);
  return {
    fresh: first.fresh + second.fresh,
    refused: [...first.refused, ...second.refused],
  };
}
