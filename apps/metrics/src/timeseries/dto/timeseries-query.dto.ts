import {
  ApiPropertyOptional,
  IntersectionType,
  PickType,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { TimeWindowQueryDto } from '../../common/dto/time-window-query.dto';
import {
  CompletionRequestsQueryDto,
  TAG_FILTER,
} from '../../completion-requests/dto/completion-requests-query.dto';
import { BUCKET_CHOICES, type BucketChoice } from '../bucket-plan';

/** The filters a chart can follow, one at a time; validated as the listing validates them. */
export const SERIES_FILTERS = ['model', 'user', 'api_key_id', 'tag'] as const;

export class TimeseriesQueryDto extends IntersectionType(
  TimeWindowQueryDto,
  PickType(CompletionRequestsQueryDto, [
    'model',
    'user',
    'api_key_id',
  ] as const),
) {
  /** Bucket length, aligned to UTC boundaries; auto: the shortest giving at most 300 buckets. */
  @ApiPropertyOptional({ enum: BUCKET_CHOICES, default: 'auto', example: '1h' })
  @IsOptional()
  @IsIn(BUCKET_CHOICES)
  bucket: BucketChoice = 'auto';

  /**
   * Only requests carrying this tag, as name:value. At most one of model, user, api_key_id
   * and tag. @example team:search
   */
  @IsOptional()
  @Matches(TAG_FILTER, {
    message: 'tag must be name:value (name of a-z, 0-9, - or _)',
  })
  @IsString({ message: 'tag must be given once' })
  tag?: string;
}
