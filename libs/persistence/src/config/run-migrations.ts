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
    return runSqliteMigrations(dataSource);
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
      return await dataSource.runMigrations({ transaction: 'each' });
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
async function runSqliteMigrations(
  dataSource: DataSource,
): Promise<Migration[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.runMigrations({ transaction: 'all' });
    } catch (error) {
      if (attempt >= SQLITE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
