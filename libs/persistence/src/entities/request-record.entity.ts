import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Endpoint, ErrorType } from '../records/request-record.types';
import { epochMillis } from './column-transformers';

/**
 * One inference request seen by the gateway. The arrival time is stored as UTC epoch
 * milliseconds: portable between SQLite and MySQL, exact to the millisecond, and cheap to
 * bucket for time series.
 */
@Entity({ name: 'request_records' })
@Index('idx_request_records_time', ['timestampMs', 'id'])
export class RequestRecordEntity {
  // mysql2 returns BIGINT as a number while it is below 2^53 (bigNumberStrings off).
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'timestamp_ms', type: 'bigint', transformer: epochMillis })
  timestampMs: Date;

  @Column({ type: 'varchar', length: 32 })
  endpoint: Endpoint;

  @Column({ type: 'varchar', length: 255, nullable: true })
  model: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  origin: string | null;

  @Column({ name: 'is_streaming', type: 'boolean' })
  isStreaming: boolean;

  @Column({ type: 'boolean' })
  success: boolean;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ name: 'error_type', type: 'varchar', length: 32, nullable: true })
  errorType: ErrorType | null;

  @Column({
    name: 'error_message',
    type: 'varchar',
    length: 512,
    nullable: true,
  })
  errorMessage: string | null;

  @Column({
    name: 'finish_reason',
    type: 'varchar',
    length: 64,
    nullable: true,
  })
  finishReason: string | null;

  @Column({ name: 'message_count', type: 'int', nullable: true })
  messageCount: number | null;

  @Column({ name: 'prompt_tokens', type: 'int', nullable: true })
  promptTokens: number | null;

  @Column({ name: 'completion_tokens', type: 'int', nullable: true })
  completionTokens: number | null;

  @Column({ name: 'total_tokens', type: 'int', nullable: true })
  totalTokens: number | null;

  @Column({ name: 'tokens_estimated', type: 'boolean', default: false })
  tokensEstimated: boolean;

  @Column({ name: 'time_to_first_token_ms', type: 'int', nullable: true })
  timeToFirstTokenMs: number | null;

  @Column({ name: 'time_to_last_token_ms', type: 'int', nullable: true })
  timeToLastTokenMs: number | null;

  @Column({ name: 'response_time_ms', type: 'int', nullable: true })
  responseTimeMs: number | null;

  @Column({ name: 'tokens_per_second', type: 'double', nullable: true })
  tokensPerSecond: number | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ name: 'prompt_text_tokens', type: 'int', nullable: true })
  promptTextTokens: number | null;

  @Column({ name: 'prompt_audio_tokens', type: 'int', nullable: true })
  promptAudioTokens: number | null;

  @Column({ name: 'completion_text_tokens', type: 'int', nullable: true })
  completionTextTokens: number | null;

  @Column({ name: 'completion_audio_tokens', type: 'int', nullable: true })
  completionAudioTokens: number | null;
}
