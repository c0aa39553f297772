import { RequestBreakdownDailyEntity } from './request-breakdown-daily.entity';
import { RequestBreakdownHistogramDailyEntity } from './request-breakdown-histogram-daily.entity';
import { RequestLatencyDailyEntity } from './request-latency-daily.entity';
import { RequestRecordEntity } from './request-record.entity';
import { RequestTagEntity } from './request-tag.entity';
import { RequestTotalsHourlyEntity } from './request-totals-hourly.entity';
import { RequestValuesHourlyEntity } from './request-values-hourly.entity';

/** Every table of the store; the migrations must produce exactly these. */
export const ALL_ENTITIES = [
  RequestRecordEntity,
  RequestTagEntity,
  RequestTotalsHourlyEntity,
  RequestValuesHourlyEntity,
  RequestLatencyDailyEntity,
  RequestBreakdownDailyEntity,
  RequestBreakdownHistogramDailyEntity,
];
