import { Type } from 'class-transformer';
import {
  IsBooleanString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
} from 'class-validator';
import { SpoolEnvironment } from '@app/persistence';

/** Every environment key the gateway reads, checked once at boot. */
export class GatewayEnvironment extends SpoolEnvironment {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  GATEWAY_PORT?: number;

  @IsOptional()
  @IsString()
  GATEWAY_HOST?: string;

  @IsOptional()
  @IsUrl(
    {
      require_tld: false,
      protocols: ['http', 'https'],
      require_protocol: true,
    },
    {
      message:
        'BACKEND_URL must be an http(s) URL, e.g. http://localhost:11434',
    },
  )
  BACKEND_URL?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  MAX_REQUEST_BODY_BYTES?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  REQUEST_BODY_TIMEOUT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  REQUEST_TIMEOUT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  UPSTREAM_IDLE_TIMEOUT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  UPSTREAM_MAX_SOCKETS?: number;

  @IsOptional()
  @IsBooleanString()
  INJECT_STREAM_USAGE?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  KEEP_ALIVE_TIMEOUT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_MS?: number;
}
