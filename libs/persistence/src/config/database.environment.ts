import {
  IsBooleanString,
  IsInt,
  IsOptional,
  Max,
  Min,
  Validate,
} from 'class-validator';
import { Type } from 'class-transformer';
import { DatabaseUrlConstraint } from './database-url.constraint';

/** The environment keys the persistence library reads, checked once at boot. */
export class DatabaseEnvironment {
  @IsOptional()
  @Validate(DatabaseUrlConstraint)
  DATABASE_URL?: string;

  @IsOptional()
  @IsBooleanString()
  DB_MIGRATE?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  RECORD_FLUSH_INTERVAL_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  RECORD_BATCH_SIZE?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RECORD_BUFFER_SIZE?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RETENTION_DAYS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50_000)
  RETENTION_BATCH_SIZE?: number;
}
