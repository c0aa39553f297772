import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { TimeWindowQueryDto } from '../../common/dto/time-window-query.dto';

export const DEFAULT_TOP = 10;
export const MAX_TOP = 100;

// Decorators run bottom-up and only the first failure is reported (stopAtFirstError), so
// the type check sits last.
export class MetricsQueryDto extends TimeWindowQueryDto {
  /** Length of each ranked list (top_models, top_origins, finish_reasons, error_types). @example 10 */
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(MAX_TOP)
  @IsInt()
  top: number = DEFAULT_TOP;
}
