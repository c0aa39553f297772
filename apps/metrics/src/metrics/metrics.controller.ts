import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { MetricsQueryDto } from './dto/metrics-query.dto';
import { MetricsResponseDto } from './dto/metrics-response.dto';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description:
    'METRICS_API_TOKEN is set and the bearer token is missing or wrong.',
})
@ApiServiceUnavailableResponse({ description: 'The database is unavailable.' })
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
