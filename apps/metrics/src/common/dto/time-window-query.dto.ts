import { IsOptional } from 'class-validator';
import { IsIsoDate, IsNotAfter } from '../dates/iso-date.decorators';

/**
 * The date filter both data endpoints share: none, start only, end only or both. Start is
 * inclusive and end exclusive; a time without an offset is UTC.
 */
export class TimeWindowQueryDto {
  /** Start of the window, inclusive; ISO 8601, UTC unless an offset is given. @example 2024-01-01T00:00:00 */
  @IsOptional()
  @IsIsoDate()
  @IsNotAfter('end')
  start?: Date;

  /** End of the window, exclusive; ISO 8601, UTC unless an offset is given. @example 2024-01-02T00:00:00 */
  @IsOptional()
  @IsIsoDate()
  end?: Date;
}
