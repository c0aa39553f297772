import type { RequestRecordEntity } from '../entities/request-record.entity';

export * from '../entities/request-record.values';

/** The text and audio split of the token counts: only the Realtime API reports it. */
type ModalityTokens =
  | 'promptTextTokens'
  | 'promptAudioTokens'
  | 'completionTextTokens'
  | 'completionAudioTokens';

/** What only some records know: records spooled before the response model existed lack it. */
type Optional = ModalityTokens | 'responseModel';

/**
 * One inference request as the gateway saw it; what the writer stores (the id comes later,
 * and the writer gives each record its uid). The modality split and the response model may be
 * left out: they are stored as null.
 */
export type RequestRecordInput = Omit<
  RequestRecordEntity,
  'id' | 'recordUid' | Optional
> &
  Partial<Pick<RequestRecordEntity, Optional>> & {
    /** Tag name to value (`{}` when none), stored in `request_tags`. */
    tags: Record<string, string>;
  };

/** A record with the unique id the writer gave it, as the spool holds it. */
export interface SpooledRecord {
  uid: string;
  record: RequestRecordInput;
}
