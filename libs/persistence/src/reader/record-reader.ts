import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '../database-connector';
import type { Endpoint, ErrorType } from '../records/request-record.types';
import type { RecordFilter } from './record-query.types';
import { RECORD_COLUMNS } from '../writer/insert-statement';
import { whereClause } from './sql-filter';

export interface PageCursor {
  timestampMs: number;
  id: number;
}

/**
 * A stored record as the database hands it over: column names, 0 or 1 for booleans. Listings
 * map these straight to their answer; hydrating entities first doubled the garbage a
 * million-row listing makes.
 */
export interface RecordRow {
  id: number;
  timestamp_ms: number;
  endpoint: Endpoint;
  model: string | null;
  origin: string | null;
  is_streaming: number;
  success: number;
  status_code: number | null;
  error_type: ErrorType | null;
  finish_reason: string | null;
  message_count: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  tokens_estimated: number;
  time_to_first_token_ms: number | null;
  time_to_last_token_ms: number | null;
  response_time_ms: number | null;
  tokens_per_second: number | null;
  request_id: string | null;
  prompt_text_tokens: number | null;
  prompt_audio_tokens: number | null;
  completion_text_tokens: number | null;
  completion_audio_tokens: number | null;
}

/** Every column but the error message, which stays in the database for operators. */
const COLUMNS = [
  'id',
  ...RECORD_COLUMNS.filter((name) => name !== 'error_message'),
];

/** Small enough that a batch's rows and its JSON are short-lived young-generation garbage. */
export const RECORD_STREAM_BATCH = 250;

/** Per-request records, newest first, paged by a (timestamp, id) keyset. */
@Injectable()
export class RecordReader {
  constructor(private readonly connector: DatabaseConnector) {}

  async page(
    filter: RecordFilter,
    limit: number,
    after?: PageCursor,
  ): Promise<RecordRow[]> {
    const db = await this.connector.get();
    const where = whereClause(
      filter,
      // The first term lets both databases seek the (timestamp_ms, id) index; with the OR
      // alone each batch scanned the index from the newest row, quadratic over a listing.
      after ? ['timestamp_ms <= ? AND (timestamp_ms < ? OR id < ?)'] : [],
    );
    const cursor = after
      ? [after.timestampMs, after.timestampMs, after.id]
      : [];
    const rows = await db.query<RecordRow[]>(
      `SELECT ${COLUMNS.join(', ')} FROM request_records ${where.sql}
      ORDER BY timestamp_ms DESC, id DESC LIMIT ?`,
      [...where.params, ...cursor, limit],
    );
    return rows;
  }

  /** The position of a record, to continue a listing after it; null when it does not exist. */
  async cursorOf(id: number): Promise<PageCursor | null> {
    const db = await this.connector.get();
    const [row] = await db.query<{ timestamp_ms: number }[]>(
      'SELECT timestamp_ms FROM request_records WHERE id = ?',
      [id],
    );
    return row ? { timestampMs: row.timestamp_ms, id } : null;
  }

  /** Every matching record in batches, so a million rows never sit in memory at once. */
  async *stream(
    filter: RecordFilter,
    after?: PageCursor,
  ): AsyncGenerator<RecordRow[]> {
    let cursor = after;
    for (;;) {
      const batch = await this.page(filter, RECORD_STREAM_BATCH, cursor);
      if (batch.length > 0) yield batch;
      if (batch.length < RECORD_STREAM_BATCH) return;
      const last = batch[batch.length - 1];
      cursor = { timestampMs: last.timestamp_ms, id: last.id };
    }
  }
}
