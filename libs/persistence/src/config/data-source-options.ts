import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@app/migrations';
import { ALL_ENTITIES } from '../entities/entities';
import { parseDatabaseUrl } from './database-url';

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
