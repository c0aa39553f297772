import { CreateRequestRecords1764201600000 } from './1764201600000-CreateRequestRecords';
import { CreateRollups1764288000000 } from './1764288000000-CreateRollups';
import { AddRecordUid1764374400000 } from './1764374400000-AddRecordUid';
import { AddTokenModalities1764460800000 } from './1764460800000-AddTokenModalities';
import { RecordAttribution1764547200000 } from './1764547200000-RecordAttribution';
import { BreakdownRollups1764633600000 } from './1764633600000-BreakdownRollups';
import { RecordResponseModel1764720000000 } from './1764720000000-RecordResponseModel';
import { BreakdownHistogramRows1764892800000 } from './1764892800000-BreakdownHistogramRows';
import { BreakdownNoneSums1764979200000 } from './1764979200000-BreakdownNoneSums';
import { AttributionIndexesCoverLatency1765065600000 } from './1765065600000-AttributionIndexesCoverLatency';

/** Every migration, oldest first; listed so that builds and tests load the same classes. */
export const MIGRATIONS = [
  CreateRequestRecords1764201600000,
  CreateRollups1764288000000,
  AddRecordUid1764374400000,
  AddTokenModalities1764460800000,
  RecordAttribution1764547200000,
  BreakdownRollups1764633600000,
  RecordResponseModel1764720000000,
  BreakdownHistogramRows1764892800000,
  BreakdownNoneSums1764979200000,
  AttributionIndexesCoverLatency1765065600000,
];
