import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse } from '@nestjs/swagger';
import { DataRoute } from '../common/decorators/data-route.decorator';
import { BreakdownQueryDto } from './dto/breakdown-query.dto';
import { BreakdownResponseDto } from './dto/breakdown-response.dto';
import { BreakdownService } from './breakdown.service';

@DataRoute('metrics')
@Controller('metrics/breakdown')
export class BreakdownController {
  constructor(private readonly breakdowns: BreakdownService) {}

  /**
   * Requests, tokens, cost and latency per value of a dimension over a window.
   *
   * @remarks One row per model, origin, endpoint, user, API key or value of one tag, the top
   * ones by the sort; `other` sums the rest and `none` the requests without a value. Without
   * start and end: all time.
   */
  @Get()
  @ApiOkResponse({ type: BreakdownResponseDto })
  @ApiBadRequestResponse({
    description: 'A parameter is invalid; the message names it.',
  })
  breakdown(@Query() query: BreakdownQueryDto): Promise<BreakdownResponseDto> {
    return this.breakdowns.breakdown(query);
  }
}
