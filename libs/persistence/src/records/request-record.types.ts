import type { RequestRecordEntity } from '../entities/request-record.entity';

export * from '../entities/request-record.values';

/** One inference request as the gateway saw it; what the writer stores (the id comes later). */
export type RequestRecordInput = Omit<RequestRecordEntity, 'id'> & {
  /** Tag name to value (`{}` when none), stored in `request_tags`. */
  tags: Record<string, string>;
};
