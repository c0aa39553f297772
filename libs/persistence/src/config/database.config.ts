import { registerAs } from '@nestjs/config';
import { DEFAULT_DATABASE_URL } from './database-url';

const intOr = (value: string | undefined, fallback: number) =>
  value === undefined || value === '' ? fallback : Number(value);

/** Where records live and how the writer batches them; every default is here. */
export const databaseConfig = registerAs('database', () => ({
  url: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
  migrate: process.env.DB_MIGRATE !== 'false',
  flushIntervalMs: intOr(process.env.RECORD_FLUSH_INTERVAL_MS, 250),
  maxBatchSize: intOr(process.env.RECORD_BATCH_SIZE, 500),
  maxBufferedRows: intOr(process.env.RECORD_BUFFER_SIZE, 100_000),
  /** Unset or 0: records are kept for ever. */
  retentionDays: intOr(process.env.RETENTION_DAYS, 0),
  retentionBatchSize: intOr(process.env.RETENTION_BATCH_SIZE, 5_000),
}));

export type DatabaseConfig = ReturnType<typeof databaseConfig>;
