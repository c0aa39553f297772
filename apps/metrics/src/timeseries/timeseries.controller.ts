import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse } from '@nestjs/swagger';
import { DataRoute } from '../common/decorators/data-route.decorator';
import { TimeseriesQueryDto } from './dto/timeseries-query.dto';
import { TimeseriesResponseDto } from './dto/timeseries-response.dto';
import { TimeseriesService } from './timeseries.service';

@DataRoute('metrics')
@Controller('metrics/timeseries')
export class TimeseriesController {
  constructor(private readonly timeseries: TimeseriesService) {}

  /**
   * Figures per time bucket over a window, for charts.
   *
   * @remarks Requests (successful and failed), tokens, tokens per second, and response time
   * and time to first token (mean, p50, p95) per bucket. Buckets start on UTC minute, hour or
   * day boundaries; empty ones answer zeros. Without start, the window begins at the earliest
   * request; without end, it ends now. At most 2000 buckets.
   */
  @Get()
  @ApiOkResponse({ type: TimeseriesResponseDto })
  @ApiBadRequestResponse({
    description:
      'A parameter is invalid, or the bucket would cut the window into more than 2000 buckets; the message names it.',
  })
  series(@Query() query: TimeseriesQueryDto): Promise<TimeseriesResponseDto> {
    return this.timeseries.series(query);
  }
}
