import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { TimeseriesReader, type SeriesFilter } from '@app/persistence';
import { tagFilters } from '../completion-requests/dto/completion-requests-query.dto';
import { CLOCK, type Clock } from '../common/clock/clock';
import { MAX_BUCKETS, planBuckets, type BucketPlan } from './bucket-plan';
import {
  SERIES_FILTERS,
  type TimeseriesQueryDto,
} from './dto/timeseries-query.dto';
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
    const only = seriesFilter(query);
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
      plan.count === 0 ? [] : await this.reader.buckets(window, plan.ms, only);
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

/** The one filter given, if any; more than one is refused, naming them. */
function seriesFilter(query: TimeseriesQueryDto): SeriesFilter | undefined {
  const given = SERIES_FILTERS.filter((name) => query[name] !== undefined);
  if (given.length > 1) {
    throw new BadRequestException([
      `only one of ${SERIES_FILTERS.join(', ')} may be given; got ${given.join(' and ')}`,
    ]);
  }
  if (query.tag !== undefined) {
    const [[name, value]] = tagFilters([query.tag]);
    return { by: 'tag', name, value };
  }
  if (query.user !== undefined) return { by: 'user', value: query.user };
  if (query.api_key_id !== undefined) {
    return { by: 'api_key', value: query.api_key_id };
  }
  if (query.model !== undefined) return { by: 'model', value: query.model };
  return undefined;
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
