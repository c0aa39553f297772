import type { DataSource, Migration } from 'typeorm';

const LOCK_NAME = 'llm_gateway_migrations';
const LOCK_WAIT_SECONDS = 60;
const SQLITE_ATTEMPTS = 10;

/**
 * Applies pending migrations. On MySQL, replicas that start together serialise on a named lock
 * so exactly one of them changes the schema; the others then find nothing pending.
 */
export async function runMigrations(
  dataSource: DataSource,
): Promise<Migration[]> {
  if (dataSource.options.type !== 'mysql')
    return retryOnSqlite(() =>
      dataSource.runMigrations({ transaction: 'all' }),
    );
  return underMigrationLock(dataSource, () =>
    dataSource.runMigrations({ transaction: 'each' }),
  );
}

/**
 * Undoes the last applied migration, under the same lock as runMigrations, so a revert never
 * interleaves with a replica that is migrating.
 */
export async function revertLastMigration(
  dataSource: DataSource,
): Promise<void> {
  if (dataSource.options.type !== 'mysql')
    return retryOnSqlite(() =>
      dataSource.undoLastMigration({ transaction: 'all' }),
    );
  return underMigrationLock(dataSource, () =>
    dataSource.undoLastMigration({ transaction: 'each' }),
  );
}

async function underMigrationLock<T>(
  dataSource: DataSource,
  change: () => Promise<T>,
): Promise<T> {
  const lockHolder = dataSource.createQueryRunner();
  try {
    const [row] = (await lockHolder.query('SELECT GET_LOCK(?, ?) AS acquired', [
      LOCK_NAME,
      LOCK_WAIT_SECONDS,
    ])) as { acquired: number | string | null }[];
    if (Number(row?.acquired) !== 1) {
      throw new Error(`timed out waiting for the migration lock ${LOCK_NAME}`);
    }
    try {
      return await change();
    } finally {
      await lockHolder.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await lockHolder.release();
  }
}

/**
 * SQLite has no named locks. Its migrations run in one transaction, so when two processes
 * sharing a file race, the loser rolls back and, on retry, finds the schema already there.
 */
async function retryOnSqlite<T>(change: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      if (attempt >= SQLITE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
