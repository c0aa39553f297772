import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { TimeseriesReader } from '@app/persistence';
import { CLOCK, type Clock } from '../common/clock/clock';
import { MAX_BUCKETS, planBuckets, type BucketPlan } from './bucket-plan';
import type { TimeseriesQueryDto } from './dto/timeseries-query.dto';
import type { TimeseriesResponseDto } from './dto/timeseries-response.dto';
import {
  toTimeseriesResponse,
  type ResolvedWindow,
} from './timeseries-response.mapper';

@Injectable()
export class TimeseriesService {
  constructor(
    private readonly reader: TimeseriesReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async series(query: TimeseriesQueryDto): Promise<TimeseriesResponseDto> {
    const window = await this.resolveWindow(query);
    const plan = planBuckets(
      query.bucket,
      window.start.getTime(),
      window.end.getTime(),
    );
    if (plan.count > MAX_BUCKETS) {
      throw new BadRequestException([tooManyBuckets(query, plan, window)]);
    }
    const buckets =
      plan.count === 0 ? [] : await this.reader.buckets(window, plan.ms);
    return toTimeseriesResponse(buckets, plan, window);
  }

  /**
   * An open end is now; an open start is the earliest request before the end (or the end
   * itself when there is none). A start after "now" leaves an empty window.
   */
  private async resolveWindow({
    start,
    end,
  }: TimeseriesQueryDto): Promise<ResolvedWindow> {
    const until = end ?? this.clock();
    const from = start ?? (await this.reader.earliest({ end: until })) ?? until;
    return { start: from, end: from > until ? from : until };
  }
}

function tooManyBuckets(
  query: TimeseriesQueryDto,
  plan: BucketPlan,
  window: ResolvedWindow,
): string {
  const asked =
    query.bucket === 'auto' ? `auto (${plan.name})` : `${plan.name}`;
  return (
    `bucket ${asked} would cut ${window.start.toISOString()} to ` +
    `${window.end.toISOString()} into ${plan.count} buckets, more than ` +
    `${MAX_BUCKETS}: choose a longer bucket or a shorter window`
  );
}
