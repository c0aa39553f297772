import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ENDPOINTS, type Endpoint } from '@app/persistence';
import { TimeWindowQueryDto } from '../../common/dto/time-window-query.dto';

export const MAX_LIMIT = 10_000;

/** A tag filter: a recorded tag name (lower case), a colon, a value of 1 to 128 characters. */
export const TAG_FILTER = /^[a-z0-9_-]{1,32}:[^]{1,128}$/;

/** `name:value` filters as [name, value]; the value may hold colons itself. */
export function tagFilters(tags: string[] | undefined): [string, string][] {
  return (tags ?? []).map((tag) => {
    const colon = tag.indexOf(':');
    return [tag.slice(0, colon), tag.slice(colon + 1)];
  });
}

const BOOLEANS = new Map([
  ['true', true],
  ['false', false],
]);

// Decorators run bottom-up and only the first failure is reported (stopAtFirstError), so
// the type check sits last.
export class CompletionRequestsQueryDto extends TimeWindowQueryDto {
  /** Page size, 1 to 10000; without it the whole window is returned. @example 100 */
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(MAX_LIMIT)
  @IsInt()
  limit?: number;

  /** Keyset cursor: only requests listed after this id (see X-Next-Before-Id). @example 1234 */
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  @IsInt()
  before_id?: number;

  /** Only requests for this model (exact match, case-sensitive). @example gpt-4 */
  @IsOptional()
  @MaxLength(255)
  @IsNotEmpty()
  @IsString()
  model?: string;

  /** Only requests to this endpoint. */
  @ApiPropertyOptional({ enum: ENDPOINTS, example: 'chat.completions' })
  @IsOptional()
  @IsIn(ENDPOINTS)
  endpoint?: Endpoint;

  /** Only successful (true) or only failed (false) requests. @example true */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (BOOLEANS.get(value) ?? value) : value,
  )
  @IsBoolean({ message: 'success must be true or false' })
  success?: boolean;

  /** Only requests of this user (exact match). @example alice@example.com */
  @IsOptional()
  @MaxLength(256)
  @IsNotEmpty()
  @IsString()
  user?: string;

  /** Only requests sent with this API key id (16 hex digits). @example 0123456789abcdef */
  @IsOptional()
  @Matches(/^[0-9a-f]{16}$/, {
    message: 'api_key_id must be 16 lower-case hex digits',
  })
  @IsString()
  api_key_id?: string;

  /**
   * Only requests carrying this tag, as name:value; repeat it and all must match.
   * @example team:search
   */
  @ApiPropertyOptional({ type: [String], example: ['team:search'] })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? [value] : value,
  )
  @Matches(TAG_FILTER, {
    each: true,
    message: 'each tag must be name:value (name of a-z, 0-9, - or _)',
  })
  @IsString({ each: true })
  tag?: string[];
}
