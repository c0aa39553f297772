import { IsOptional, IsString } from 'class-validator';
import { DatabaseEnvironment } from './database.environment';
import { EnvInt } from './environment-fields';

export const DEFAULT_SPOOL_DIR = './data/spool';
export const DEFAULT_SPOOL_MAX_BYTES = 1024 ** 3;

/** The environment keys of an app that records requests: the database's and the spool's. */
export class SpoolEnvironment extends DatabaseEnvironment {
  /** A directory, or `off` to keep unwritten records in memory only; unset: the default. */
  @IsOptional()
  @IsString()
  SPOOL_DIR?: string;

  @EnvInt(4096)
  SPOOL_MAX_BYTES: number = DEFAULT_SPOOL_MAX_BYTES;
}
