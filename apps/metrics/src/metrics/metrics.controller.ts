import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse } from '@nestjs/swagger';
import { DataRoute } from '../common/decorators/data-route.decorator';
import { MetricsQueryDto } from './dto/metrics-query.dto';
import { MetricsResponseDto } from './dto/metrics-response.dto';
import { MetricsService } from './metrics.service';

@DataRoute('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /**
   * Aggregated figures over a time window.
   *
   * @remarks Counts, token totals, latency averages and percentiles, and the most frequent
   * models, origins, finish reasons and error types. Without start and end: all time.
   */
  @Get()
  @ApiOkResponse({ type: MetricsResponseDto })
  @ApiBadRequestResponse({
    description: 'A parameter is invalid; the message names it.',
  })
  summarize(@Query() query: MetricsQueryDto): Promise<MetricsResponseDto> {
    return this.metrics.summarize(query);
  }
}
