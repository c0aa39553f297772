import type { DataSource } from 'typeorm';
import type { SpooledRecord } from '../records/request-record.types';
import { rollupUpserts } from '../rollups/rollup-upserts';
import { dialectOf } from '../sql/dialect';
import { runAfterQuery } from '../sql/transaction';
import { storedUidsQuery } from './insert-statement';
import { recordStatements, type IdAllocation } from './tag-statements';

/**
 * Stores a batch and adds it to the rollups in one transaction, leaving out the records whose
 * uid is already stored: a segment replayed after a crash between its commit and its deletion,
 * or a retry after a commit whose answer was lost, counts nothing twice. Returns how many
 * records were new. Should two writers race on one uid, the UNIQUE index fails the later
 * transaction, and its retry sees the row. `ids` says how MySQL numbers a multi-row INSERT
 * (see recordStatements), which the tags need.
 */
export async function commitBatch(
  dataSource: DataSource,
  batch: SpooledRecord[],
  ids?: IdAllocation,
): Promise<number> {
  const dialect = dialectOf(dataSource);
  let fresh = batch;
  await runAfterQuery(dataSource, storedUidsQuery(batch, dialect), (rows) => {
    const stored = new Set(rows.map((row) => row.record_uid));
    fresh = stored.size ? batch.filter(({ uid }) => !stored.has(uid)) : batch;
    if (fresh.length === 0) return [];
    return [
      // Only the new records, in order: their tags are placed by offset from the ids they get.
      ...recordStatements(fresh, dialect, ids),
      ...rollupUpserts(
        fresh.map(({ record }) => record),
        dialect,
      ),
    ];
  });
  return fresh.length;
}
