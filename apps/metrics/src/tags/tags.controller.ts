import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse } from '@nestjs/swagger';
import { TagNamesReader } from '@app/persistence';
import { TimeWindowQueryDto } from '../common/dto/time-window-query.dto';
import { DataRoute } from '../common/decorators/data-route.decorator';
import { appliedWindow } from '../metrics/metrics-response.mapper';
import { TagsResponseDto } from './dto/tags-response.dto';

@DataRoute('metrics')
@Controller('metrics/tags')
export class TagsController {
  constructor(private readonly tags: TagNamesReader) {}

  /**
   * The tag names recorded in a window, with their requests.
   *
   * @remarks Most requests first, ties by name; each name can be asked for as
   * /metrics/breakdown?by=tag:<name>. Without start and end: all time.
   */
  @Get()
  @ApiOkResponse({ type: TagsResponseDto })
  @ApiBadRequestResponse({
    description: 'A parameter is invalid; the message names it.',
  })
  async names(@Query() query: TimeWindowQueryDto): Promise<TagsResponseDto> {
    const window = { start: query.start, end: query.end };
    return {
      window: appliedWindow(window),
      names: await this.tags.names(window),
    };
  }
}
