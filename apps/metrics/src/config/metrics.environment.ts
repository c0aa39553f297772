import { Transform } from 'class-transformer';
import {
  IsIn,
  IsOptional,
  IsString,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { DatabaseEnvironment } from '@app/persistence/config/database.environment';
import {
  EnvBoolean,
  EnvInt,
  LOG_LEVELS,
} from '@app/persistence/config/environment-fields';

/** What a browser sends in `Origin`: a scheme, a host and maybe a port, nothing more. */
const ORIGIN = /^https?:\/\/[^\s/?#@]+$/i;

function notOrigins(values: unknown[]): unknown[] {
  return values.filter(
    (value) =>
      typeof value !== 'string' || (value !== '*' && !ORIGIN.test(value)),
  );
}

/**
 * Every environment key the metrics app reads, with its default: validated once at boot into
 * these typed values.
 */
export class MetricsEnvironment extends DatabaseEnvironment {
  @EnvInt(0, 65535)
  METRICS_PORT: number = 8002;

  @IsString()
  METRICS_HOST: string = '0.0.0.0';

  /** A comma-separated list in the environment; `*` allows any origin. */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean)
      : value,
  )
  @ValidateBy({
    name: 'corsOrigins',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) &&
        value.length > 0 &&
        notOrigins(value as unknown[]).length === 0,
      defaultMessage: (args) =>
        `CORS_ORIGINS must be * or a comma-separated list of origins, scheme and host with no path (https://grafana.example.com, http://localhost:3000); not ${notOrigins(
          Array.isArray(args?.value)
            ? (args.value as unknown[])
            : [args?.value],
        )
          .map((origin) => `"${String(origin)}"`)
          .join(', ')}`,
    },
  })
  CORS_ORIGINS: string[] = ['*'];

  @IsOptional()
  @IsString()
  @MinLength(16, {
    message: 'METRICS_API_TOKEN must be at least 16 characters',
  })
  METRICS_API_TOKEN?: string;

  // Swagger UI and the OpenAPI document; off where the API's shape should not be browsable.
  @EnvBoolean()
  METRICS_DOCS: boolean = true;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: string = 'info';

  /** Resolved from the working directory; dist/dashboard when absent. */
  @IsOptional()
  @IsString()
  DASHBOARD_DIR?: string;

  /** A JSON or YAML file: API key id to the readable name shown beside it. */
  @IsOptional()
  @IsString()
  API_KEY_NAMES?: string;
}
