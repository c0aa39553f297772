import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { SpoolEnvironment } from '@app/persistence/config/spool.environment';
import { EnvBoolean } from '@app/persistence/config/environment-fields';

/** A header name, a colon and a Prometheus label name, comma-separated. */
const HEADER_LABELS =
  /^\s*[A-Za-z0-9-]+\s*:\s*[A-Za-z_][A-Za-z0-9_]*\s*(,\s*[A-Za-z0-9-]+\s*:\s*[A-Za-z_][A-Za-z0-9_]*\s*)*$/;
/**
 * A `gen_ai.provider.name` as the GenAI conventions spell theirs: lower-case words of letters,
 * digits and `_`, joined by dots (`openai`, `aws.bedrock`, `x_ai`).
 */
const PROVIDER_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
/** Ascending positive numbers, comma-separated. */
const BUCKETS = /^\s*\d+(\.\d+)?\s*(,\s*\d+(\.\d+)?\s*)*$/;

/**
 * The environment keys of the gateway's telemetry, checked once at boot with the gateway's own
 * (GatewayEnvironment extends this class), so one refusal names every bad key. The OTEL_* keys
 * here are the OTel standard variables our settings depend on; the SDK's exporters still read
 * the others (OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES...) from process.env itself.
 */
export class TelemetryEnvironment extends SpoolEnvironment {
  @EnvBoolean()
  PROMETHEUS_ENABLED: boolean = true;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PROMETHEUS_PORT?: number;

  @IsOptional()
  // Sorted and de-duplicated when read, so any order is taken.
  @Matches(BUCKETS, {
    message:
      'PROMETHEUS_TTFT_BUCKETS must be seconds, comma-separated, e.g. 0.1,1,10,60',
  })
  PROMETHEUS_TTFT_BUCKETS?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  METRICS_MODEL_LABEL_LIMIT?: number;

  @IsOptional()
  @Matches(HEADER_LABELS, {
    message:
      'METRICS_HEADER_LABELS must list header:label pairs, e.g. x-team:team,x-env:env',
  })
  METRICS_HEADER_LABELS?: string;

  @IsOptional()
  @MaxLength(64)
  @Matches(PROVIDER_NAME, {
    message:
      'GEN_AI_PROVIDER_NAME must be lower-case words joined by dots, e.g. openai, aws.bedrock or azure.ai.openai',
  })
  GEN_AI_PROVIDER_NAME?: string;

  @IsOptional()
  @IsUrl({
    require_tld: false,
    require_protocol: true,
    protocols: ['http', 'https'],
  })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional()
  @IsUrl({
    require_tld: false,
    require_protocol: true,
    protocols: ['http', 'https'],
  })
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT?: string;

  @IsOptional()
  @IsIn(['http/protobuf', 'http/json'], {
    message: 'OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json',
  })
  OTEL_EXPORTER_OTLP_PROTOCOL?: string;

  @IsOptional()
  @IsIn(['http/protobuf', 'http/json'])
  OTEL_EXPORTER_OTLP_METRICS_PROTOCOL?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  OTEL_METRIC_EXPORT_INTERVAL?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  OTEL_METRIC_EXPORT_TIMEOUT?: number;

  @IsOptional()
  @IsString()
  OTEL_SERVICE_NAME?: string;
}
