import {
  IsBooleanString,
  IsOptional,
  IsString,
  MinLength,
} from 'class-validator';

/** The environment keys of attribution and pricing, checked at boot. */
export class AttributionEnvironment {
  @IsOptional()
  @IsBooleanString()
  RECORD_USER?: string;

  /**
   * Long enough that key ids cannot be recomputed by guessing the secret. Set but empty is
   * refused rather than read as unset: it is more likely a secret that failed to render.
   */
  @IsOptional()
  @IsString()
  @MinLength(16, {
    message:
      'API_KEY_HASH_SECRET must be at least 16 characters long (unset, key ids are plain SHA-256)',
  })
  API_KEY_HASH_SECRET?: string;

  /** A JSON or YAML file: key id to readable name. */
  @IsOptional()
  @IsString()
  API_KEY_NAMES?: string;

  /** A JSON or YAML file: model name or glob to USD per million tokens. */
  @IsOptional()
  @IsString()
  PRICES_FILE?: string;
}
