import { ApiProperty } from '@nestjs/swagger';
import { AppliedWindowDto } from '../../metrics/dto/metrics-response.dto';

export class TagNameDto {
  /** A tag name as recorded (lower case). @example team */
  name: string;

  /** Requests of the window that carry the tag. @example 12 */
  requests: number;
}

/** The tag names recorded in a window. */
export class TagsResponseDto {
  /** The window applied. */
  @ApiProperty({ example: { start: '2024-01-01T00:00:00.000Z' } })
  window: AppliedWindowDto;

  /** The names, most requests first, ties by name. */
  names: TagNameDto[];
}
