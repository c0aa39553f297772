import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { BREAKDOWN_SORTS, type BreakdownSort } from '@app/persistence';
import { TimeWindowQueryDto } from '../../common/dto/time-window-query.dto';

export const DEFAULT_BREAKDOWN_TOP = 10;
export const MAX_BREAKDOWN_TOP = 1000;

/** The dimensions a breakdown takes: a record column, or `tag:` and a recorded tag name. */
const BY = /^(model|origin|endpoint|user|api_key|tag:[a-z0-9_-]{1,32})$/;

// Decorators run bottom-up and only the first failure is reported (stopAtFirstError), so
// the type check sits last.
export class BreakdownQueryDto extends TimeWindowQueryDto {
  /** What to group the requests by; a tag name as recorded (lower case). */
  @ApiProperty({
    example: 'user',
    pattern: BY.source,
    description:
      'model, origin, endpoint, user, api_key, or tag:<name> (a-z, 0-9, - or _, up to 32)',
  })
  @Matches(BY, {
    message:
      'by must be model, origin, endpoint, user, api_key or tag:<name> (name of a-z, 0-9, - or _, up to 32 characters)',
  })
  @IsString({ message: 'by must be given once' })
  @IsDefined({
    message:
      'by is required: model, origin, endpoint, user, api_key or tag:<name>',
  })
  by: string;

  /** How many values to list, 1 to 1000; the rest are summed in `other`. @example 10 */
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(MAX_BREAKDOWN_TOP)
  @IsInt()
  top: number = DEFAULT_BREAKDOWN_TOP;

  /** What ranks the values, most first; ties by value. */
  @ApiPropertyOptional({ enum: BREAKDOWN_SORTS, default: 'requests' })
  @IsOptional()
  @IsIn(BREAKDOWN_SORTS)
  sort: BreakdownSort = 'requests';

  /** Only the row of this exact value (`rows` then holds zero or one row). @example alice */
  @IsOptional()
  @MaxLength(256)
  @IsString()
  value?: string;
}
