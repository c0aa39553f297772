import { Validate } from 'class-validator';
import { DatabaseUrlConstraint } from './database-url.constraint';
import { DEFAULT_DATABASE_URL } from './database-url';
import { EnvBoolean, EnvInt } from './environment-fields';

/**
 * The environment keys the persistence library reads, with their defaults: validating an
 * environment against this class yields the typed values.
 */
export class DatabaseEnvironment {
  @Validate(DatabaseUrlConstraint)
  DATABASE_URL: string = DEFAULT_DATABASE_URL;

  @EnvBoolean()
  DB_MIGRATE: boolean = true;

  @EnvInt(10, 60_000)
  RECORD_FLUSH_INTERVAL_MS: number = 250;

  @EnvInt(1, 1000)
  RECORD_BATCH_SIZE: number = 500;

  @EnvInt(1)
  RECORD_BUFFER_SIZE: number = 100_000;

  /** 0: records are kept for ever. */
  @EnvInt(0)
  RETENTION_DAYS: number = 0;

  @EnvInt(1, 50_000)
  RETENTION_BATCH_SIZE: number = 5_000;
}
