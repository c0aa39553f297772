import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, MinLength } from 'class-validator';
import {
  EnvBoolean,
  EnvInt,
  LOG_LEVELS,
} from '@app/persistence/config/environment-fields';
import { TelemetryEnvironment } from './telemetry.environment';
import { EnvTrustProxy, type TrustProxy } from './trust-proxy';

const MIB = 1024 * 1024;

/**
 * Every environment key the gateway reads, with its default (the telemetry's and the
 * spool's through the parent classes): validated once at boot into these typed values.
 */
export class GatewayEnvironment extends TelemetryEnvironment {
  @EnvInt(0, 65535)
  GATEWAY_PORT: number = 8001;

  @IsString()
  GATEWAY_HOST: string = '0.0.0.0';

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
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(/\/+$/, '') : value,
  )
  BACKEND_URL: string = 'http://localhost:11434';

  @EnvInt(1024)
  MAX_REQUEST_BODY_BYTES: number = 50 * MIB;

  // Idle, like the upstream one: a slow upload that keeps sending is never cut.
  @EnvInt(100)
  REQUEST_BODY_TIMEOUT_MS: number = 60_000;

  // Whole request, headers and body, however steadily it trickles; 0 turns it off. The
  // response may then take as long as it takes.
  @EnvInt(0)
  REQUEST_TIMEOUT_MS: number = 5 * 60_000;

  @EnvInt(100)
  UPSTREAM_IDLE_TIMEOUT_MS: number = 5 * 60_000;

  @EnvInt(1)
  UPSTREAM_MAX_SOCKETS: number = 512;

  @EnvBoolean()
  INJECT_STREAM_USAGE: boolean = true;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: string = 'info';

  @EnvTrustProxy()
  TRUST_PROXY: TrustProxy = ['loopback', 'linklocal', 'uniquelocal'];

  // Above the 60 s idle timeout of common load balancers, so they close first.
  @EnvInt(100)
  KEEP_ALIVE_TIMEOUT_MS: number = 65_000;

  @EnvInt(0)
  SHUTDOWN_GRACE_MS: number = 25_000;

  // User ids can be personal data: `false` records none.
  @EnvBoolean()
  RECORD_USER: boolean = true;

  // Long enough that key ids cannot be recomputed by guessing the secret. Unset (or empty),
  // key ids are plain SHA-256: anyone holding a key can find its id.
  @IsOptional()
  @IsString()
  @MinLength(16, {
    message:
      'API_KEY_HASH_SECRET must be at least 16 characters long (unset, key ids are plain SHA-256)',
  })
  API_KEY_HASH_SECRET?: string;

  // A JSON or YAML file: key id to readable name.
  @IsOptional()
  @IsString()
  API_KEY_NAMES?: string;

  // A JSON or YAML file: model name or glob to USD per million tokens.
  @IsOptional()
  @IsString()
  PRICES_FILE?: string;
}
