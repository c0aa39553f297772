import { Inject, Injectable } from '@nestjs/common';
import { MetricsReader } from '@app/persistence';
import { ApiKeyNames } from '../common/api-key-names/api-key-names';
import { CLOCK, type Clock } from '../common/clock/clock';
import type { MetricsQueryDto } from './dto/metrics-query.dto';
import type { MetricsResponseDto } from './dto/metrics-response.dto';
import { toMetricsResponse } from './metrics-response.mapper';

@Injectable()
export class MetricsService {
  constructor(
    private readonly reader: MetricsReader,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly names: ApiKeyNames,
  ) {}

  async summarize(query: MetricsQueryDto): Promise<MetricsResponseDto> {
    const now = this.clock();
    const window = { start: query.start, end: query.end };
    const summary = await this.reader.summarize(window, query.top, now);
    return toMetricsResponse(summary, window, now, this.names);
  }
}
