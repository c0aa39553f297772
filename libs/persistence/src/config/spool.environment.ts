import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { DatabaseEnvironment } from './database.environment';

/** The environment keys of an app that records requests: the database's and the spool's. */
export class SpoolEnvironment extends DatabaseEnvironment {
  /** A directory, or `off` to keep unwritten records in memory only. */
  @IsOptional()
  @IsString()
  SPOOL_DIR?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(4096)
  SPOOL_MAX_BYTES?: number;
}
