import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TimeWindowQueryDto } from '../../common/dto/time-window-query.dto';
import { BUCKET_CHOICES, type BucketChoice } from '../bucket-plan';

export class TimeseriesQueryDto extends TimeWindowQueryDto {
  /** Bucket length, aligned to UTC boundaries; auto: the shortest giving at most 300 buckets. */
  @ApiPropertyOptional({ enum: BUCKET_CHOICES, default: 'auto', example: '1h' })
  @IsOptional()
  @IsIn(BUCKET_CHOICES)
  bucket: BucketChoice = 'auto';
}
