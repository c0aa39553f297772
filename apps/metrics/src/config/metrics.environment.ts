import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { DatabaseEnvironment } from '@app/persistence';

/** Every environment key the metrics app reads, checked once at boot. */
export class MetricsEnvironment extends DatabaseEnvironment {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  @IsOptional()
  @IsString()
  METRICS_HOST?: string;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, {
    message: 'METRICS_API_TOKEN must be at least 16 characters',
  })
  METRICS_API_TOKEN?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  METRICS_DOCS?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DASHBOARD_DIR?: string;
}
