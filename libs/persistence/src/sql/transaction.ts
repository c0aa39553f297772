import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { dialectOf } from './dialect';
import type { SqlStatement } from './sql-types';

/**
 * Runs a batch's statements as one transaction. On SQLite they run back to back on the
 * driver's connection without yielding: through TypeORM each statement is awaited, and the
 * write lock would be held across event-loop turns, while another process writing to the same
 * file waits for it with its own event loop stalled (better-sqlite3 waits synchronously).
 */
export async function runInTransaction(
  dataSource: DataSource,
  statements: SqlStatement[],
): Promise<void> {
  if (dialectOf(dataSource) === 'sqlite') {
    const db = (
      dataSource.driver as unknown as { databaseConnection: Database }
    ).databaseConnection;
    db.transaction(() => {
      for (const { sql, params } of statements) db.prepare(sql).run(params);
    })();
    return;
  }
  await dataSource.transaction(async (manager) => {
    for (const { sql, params } of statements) await manager.query(sql, params);
  });
}
