import { configFactory } from './config-factory';
import type { DatabaseEnvironment } from './database.environment';

/** Where records live and how the writer batches them. */
export const databaseConfig = configFactory(
  'database',
  (environment: DatabaseEnvironment) => ({
    url: environment.DATABASE_URL,
    migrate: environment.DB_MIGRATE,
    flushIntervalMs: environment.RECORD_FLUSH_INTERVAL_MS,
    maxBatchSize: environment.RECORD_BATCH_SIZE,
    maxBufferedRows: environment.RECORD_BUFFER_SIZE,
    /** 0: records are kept for ever. */
    retentionDays: environment.RETENTION_DAYS,
    retentionBatchSize: environment.RETENTION_BATCH_SIZE,
  }),
);

export type DatabaseConfig = ReturnType<typeof databaseConfig>;
