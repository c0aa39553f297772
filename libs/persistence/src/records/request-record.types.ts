import type { RequestRecordEntity } from '../entities/request-record.entity';

export * from '../entities/request-record.values';

/**
 * One inference request as the gateway saw it; what the writer stores (the id comes later,
 * and the writer gives each record its uid).
 */
export type RequestRecordInput = Omit<RequestRecordEntity, 'id' | 'recordUid'>;

/** A record with the unique id the writer gave it, as the spool holds it. */
export interface SpooledRecord {
  uid: string;
  record: RequestRecordInput;
}
