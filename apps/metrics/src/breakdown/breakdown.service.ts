import { Injectable } from '@nestjs/common';
import { BreakdownReader, type BreakdownQuery } from '@app/persistence';
import { ApiKeyNames } from '../common/api-key-names/api-key-names';
import { toBreakdownResponse } from './breakdown-response.mapper';
import type { BreakdownQueryDto } from './dto/breakdown-query.dto';
import type { BreakdownResponseDto } from './dto/breakdown-response.dto';

@Injectable()
export class BreakdownService {
  constructor(
    private readonly reader: BreakdownReader,
    private readonly names: ApiKeyNames,
  ) {}

  async breakdown(query: BreakdownQueryDto): Promise<BreakdownResponseDto> {
    const asked: BreakdownQuery = {
      by: query.by,
      window: { start: query.start, end: query.end },
      top: query.top,
      sort: query.sort,
      value: query.value,
    };
    const breakdown = await this.reader.breakdown(asked);
    return toBreakdownResponse(breakdown, asked, this.names);
  }
}
