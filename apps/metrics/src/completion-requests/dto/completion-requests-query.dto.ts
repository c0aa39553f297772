import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ENDPOINTS, type Endpoint } from '@app/persistence';
import { TimeWindowQueryDto } from '../../common/dto/time-window-query.dto';

export const MAX_LIMIT = 10_000;

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
}
