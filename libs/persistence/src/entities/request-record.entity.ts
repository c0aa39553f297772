import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { columnsOf, type ColumnSpecs, type RowOf } from './column-spec';
import { epochMillis } from './column-transformers';
import type { Endpoint, ErrorType } from './request-record.values';

/**
 * Text compares byte for byte on MySQL too (its default collations fold case), so that
 * "GPT-4" and "gpt-4" are counted apart on both databases, and holds any Unicode.
 */
export const BINARY_TEXT = { charset: 'utf8mb4', collation: 'utf8mb4_bin' };

const text = <N extends string>(name: N, length: number, nullable = true) =>
  ({ name, type: 'varchar', length, nullable, ...BINARY_TEXT }) as const;
const int = <N extends string>(name: N) =>
  ({ name, type: 'int', nullable: true }) as const;

/** The columns of `request_records`, by entity property. */
export const REQUEST_RECORD_COLUMNS = {
  // mysql2 returns BIGINT as a number while it is below 2^53 (bigNumberStrings off).
  id: { name: 'id', type: 'bigint', primary: true },
  timestamp: { name: 'timestamp_ms', type: 'bigint', transformer: epochMillis },
  endpoint: text('endpoint', 32, false),
  model: text('model', 255),
  origin: text('origin', 255),
  isStreaming: { name: 'is_streaming', type: 'boolean' },
  success: { name: 'success', type: 'boolean' },
  statusCode: int('status_code'),
  errorType: text('error_type', 32),
  errorMessage: text('error_message', 512),
  finishReason: text('finish_reason', 64),
  messageCount: int('message_count'),
  promptTokens: int('prompt_tokens'),
  completionTokens: int('completion_tokens'),
  totalTokens: int('total_tokens'),
  tokensEstimated: {
    name: 'tokens_estimated',
    type: 'boolean',
    default: false,
  },
  timeToFirstTokenMs: int('time_to_first_token_ms'),
  timeToLastTokenMs: int('time_to_last_token_ms'),
  responseTimeMs: int('response_time_ms'),
  tokensPerSecond: {
    name: 'tokens_per_second',
    type: 'double',
    nullable: true,
  },
  requestId: text('request_id', 128),
  promptTextTokens: int('prompt_text_tokens'),
  promptAudioTokens: int('prompt_audio_tokens'),
  completionTextTokens: int('completion_text_tokens'),
  completionAudioTokens: int('completion_audio_tokens'),
  recordUid: text('record_uid', 36),
  user: text('user', 256),
  apiKeyId: text('api_key_id', 16),
  cachedPromptTokens: int('cached_prompt_tokens'),
  costUsd: { name: 'cost_usd', type: 'double', nullable: true },
  responseModel: text('response_model', 255),
} as const satisfies ColumnSpecs<RequestRecordEntity>;

const C = REQUEST_RECORD_COLUMNS;

/**
 * One inference request seen by the gateway. The arrival time is stored as UTC epoch
 * milliseconds: portable between SQLite and MySQL, exact to the millisecond, and cheap to
 * bucket for time series.
 */
@Entity({ name: 'request_records' })
// Every read is a time window; listing pages newest first by (time, id).
@Index('idx_request_records_time', ['timestamp', 'id'])
// The ragged ends of a window are read from the records; the latency histograms' edge can be
// most of a day of rows, and this index answers it without reading the rows themselves.
@Index('idx_request_records_latency', [
  'timestamp',
  'isStreaming',
  'timeToFirstTokenMs',
  'responseTimeMs',
])
// A replayed spool must not store a record twice: the writer skips uids already there.
@Index('idx_request_records_uid', ['recordUid'], { unique: true })
// Listing and filtering by who sent a request, newest first; the latencies after the order
// answer a breakdown's percentiles of the shown users and keys without reading the rows.
@Index('idx_request_records_user', [
  'user',
  'timestamp',
  'id',
  'responseTimeMs',
  'timeToFirstTokenMs',
])
@Index('idx_request_records_api_key', [
  'apiKeyId',
  'timestamp',
  'id',
  'responseTimeMs',
  'timeToFirstTokenMs',
])
export class RequestRecordEntity {
  @PrimaryGeneratedColumn(C.id)
  id: number;

  /** Arrival of the request at the gateway. */
  @Column(C.timestamp)
  timestamp: Date;

  @Column(C.endpoint)
  endpoint: Endpoint;

  @Column(C.model)
  model: string | null;

  @Column(C.origin)
  origin: string | null;

  @Column(C.isStreaming)
  isStreaming: boolean;

  @Column(C.success)
  success: boolean;

  /** HTTP status sent to the client; null when none was sent. */
  @Column(C.statusCode)
  statusCode: number | null;

  @Column(C.errorType)
  errorType: ErrorType | null;

  /** Backend error code and a truncated message; never credentials or prompts. */
  @Column(C.errorMessage)
  errorMessage: string | null;

  @Column(C.finishReason)
  finishReason: string | null;

  @Column(C.messageCount)
  messageCount: number | null;

  @Column(C.promptTokens)
  promptTokens: number | null;

  @Column(C.completionTokens)
  completionTokens: number | null;

  @Column(C.totalTokens)
  totalTokens: number | null;

  /** True when the counts come from the gateway's tokenizer, not the backend. */
  @Column(C.tokensEstimated)
  tokensEstimated: boolean;

  @Column(C.timeToFirstTokenMs)
  timeToFirstTokenMs: number | null;

  @Column(C.timeToLastTokenMs)
  timeToLastTokenMs: number | null;

  @Column(C.responseTimeMs)
  responseTimeMs: number | null;

  @Column(C.tokensPerSecond)
  tokensPerSecond: number | null;

  @Column(C.requestId)
  requestId: string | null;

  /** The text and audio parts of the prompt and completion tokens, where the backend says. */
  @Column(C.promptTextTokens)
  promptTextTokens: number | null;

  @Column(C.promptAudioTokens)
  promptAudioTokens: number | null;

  @Column(C.completionTextTokens)
  completionTextTokens: number | null;

  @Column(C.completionAudioTokens)
  completionAudioTokens: number | null;
  /** Given by the writer when it spools the record; null on rows stored before the spool. */
  @Column(C.recordUid)
  recordUid: string | null;
  /** `X-Gateway-User`, else the body's `user` or `safety_identifier`; may be personal data. */
  @Column(C.user)
  user: string | null;

  /** Fingerprint of the request's API key (16 hex digits), never the key. */
  @Column(C.apiKeyId)
  apiKeyId: string | null;

  /** Prompt tokens the backend served from its prompt cache, as it reported them. */
  @Column(C.cachedPromptTokens)
  cachedPromptTokens: number | null;

  /**
   * Price in USD at the time of the request, never re-priced; null when the model has no
   * price. Estimated when `tokensEstimated` is.
   */
  @Column(C.costUsd)
  costUsd: number | null;

  /**
   * The model the backend named in its answer (`model` of the body, of the stream's first
   * event naming one, or of the Responses API's response); null when it named none.
   */
  @Column(C.responseModel)
  responseModel: string | null;
}

/** A stored record as plain SQL hands it over: column names, 0 or 1 for booleans. */
export type RequestRecordRow = RowOf<
  RequestRecordEntity,
  typeof REQUEST_RECORD_COLUMNS
>;

/** Every column of `request_records`, in the entity's order. */
export const REQUEST_RECORD_TABLE = columnsOf<RequestRecordEntity>(C);
