import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@app/migrations';
import { ALL_ENTITIES } from '../entities/entities';
import { parseDatabaseUrl } from './database-url';

/**
 * How many pages the WAL grows to before a commit copies them into the database (SQLite's
 * default is 1,000). A batch rewrites the same rollup pages as the batches before it (a day's
 * rows of the users and tags it counts), and a checkpoint copies each page once however often
 * it was rewritten since the last: checkpointing every 4,000 pages (16 MiB at most) copies
 * fewer pages per record, on the writer's event loop, than every 1,000.
 */
export const WAL_CHECKPOINT_PAGES = 4_000;

/**
 * The one place that turns DATABASE_URL into TypeORM options; the apps and the migration CLI
 * both use it.
 */
export function buildDataSourceOptions(url: string): DataSourceOptions {
  const target = parseDatabaseUrl(url);
  const common = {
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
  } as const;
  if (target.kind === 'sqlite') {
    const inMemory = target.path === ':memory:';
    if (!inMemory) mkdirSync(dirname(target.path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: target.path,
      // WAL lets a gateway process write while a metrics process reads the same file.
      enableWAL: !inMemory,
      timeout: 10_000,
      prepareDatabase: (db: Database) => {
        if (!inMemory)
          db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      },
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: target.url,
    timezone: 'Z',
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: 5_000,
    poolSize: 10,
  };
}
