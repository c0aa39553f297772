import type { Database, Statement } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { dialectOf } from './dialect';
import type { SqlStatement } from './sql-types';

/** Given the rows a first query read inside the transaction, the statements to run after it. */
export type StatementsAfter = (
  rows: Record<string, unknown>[],
) => SqlStatement[];

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
  await runAfterQuery(dataSource, undefined, () => statements);
}

/**
 * One transaction that first reads `query` (when given) and then runs the statements `after`
 * derives from its rows, so that what is written depends on what the transaction saw.
 */
export async function runAfterQuery(
  dataSource: DataSource,
  query: SqlStatement | undefined,
  after: StatementsAfter,
): Promise<void> {
  if (dialectOf(dataSource) === 'sqlite') {
    const db = (
      dataSource.driver as unknown as { databaseConnection: Database }
    ).databaseConnection;
    db.transaction(() => {
      const rows = query ? compiled(db, query.sql).all(query.params) : [];
      for (const { sql, params } of after(rows as Record<string, unknown>[])) {
        compiled(db, sql).run(params);
      }
    })();
    return;
  }
  await dataSource.transaction(async (manager) => {
    const rows: Record<string, unknown>[] = query
      ? await manager.query(query.sql, query.params)
      : [];
    for (const { sql, params } of after(rows)) await manager.query(sql, params);
  });
}

/** How many compiled statements a SQLite connection keeps; past it, they are compiled anew. */
const KEPT_STATEMENTS = 256;
const keptStatements = new WeakMap<Database, Map<string, Statement>>();

/**
 * A statement compiled once per connection and text: the rollups' upserts recur batch after
 * batch (see upsertValues), and compiling one costs as much as running it. When the cache is
 * full it is emptied, which keeps it to the statements in use without an LRU's bookkeeping.
 */
function compiled(db: Database, sql: string): Statement {
  let kept = keptStatements.get(db);
  if (!kept) keptStatements.set(db, (kept = new Map<string, Statement>()));
  let statement = kept.get(sql);
  if (!statement) {
    if (kept.size >= KEPT_STATEMENTS) kept.clear();
    statement = db.prepare(sql);
    kept.set(sql, statement);
  }
  return statement;
}
