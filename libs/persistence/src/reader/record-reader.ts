import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DatabaseConnector } from '../database-connector';
import {
  REQUEST_RECORD_TABLE,
  type RequestRecordRow,
} from '../entities/request-record.entity';
import type { RecordFilter } from '../records/record-query.types';
import { recordFilter } from '../sql/record-filter';

export interface PageCursor {
  timestampMs: number;
  id: number;
}

/**
 * The error message stays in the database for operators; the uid is the writer's, for
 * replaying its spool.
 */
const UNLISTED = ['error_message', 'record_uid'] as const;

/**
 * A stored record as the database hands it over: column names, 0 or 1 for booleans. Listings
 * map these straight to their answer; hydrating entities first doubled the garbage a
 * million-row listing makes.
 */
export type RecordRow = Omit<RequestRecordRow, (typeof UNLISTED)[number]> & {
  /** Tag name to value, `{}` when none. */
  tags: Record<string, string>;
};

const COLUMNS = REQUEST_RECORD_TABLE.map(({ name }) => name).filter(
  (name) => !(UNLISTED as readonly string[]).includes(name),
);

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
    const where = recordFilter(
      filter,
      // The first term lets both databases seek the (timestamp_ms, id) index; with the OR
      // alone each batch scanned the index from the newest row, quadratic over a listing.
      after ? ['timestamp_ms <= ? AND (timestamp_ms < ? OR id < ?)'] : [],
    );
    const cursor = after
      ? [after.timestampMs, after.timestampMs, after.id]
      : [];
    const rows = await db.query<RecordRow[]>(
      `SELECT ${COLUMNS.join(', ')} FROM request_records WHERE ${where.sql}
      ORDER BY timestamp_ms DESC, id DESC LIMIT ?`,
      [...where.params, ...cursor, limit],
    );
    return this.withTags(db, rows);
  }

  /** The page's tags in one query, each record's as an object (`{}` when none). */
  private async withTags(
    db: DataSource,
    rows: RecordRow[],
  ): Promise<RecordRow[]> {
    const byId = new Map<number, RecordRow>();
    for (const row of rows) {
      row.tags = {};
      byId.set(Number(row.id), row);
    }
    if (rows.length === 0) return rows;
    const tags = await db.query<
      { record_id: number; name: string; value: string }[]
    >(
      `SELECT record_id, name, value FROM request_tags WHERE record_id IN (${rows.map(() => '?').join(', ')})`,
      [...byId.keys()],
    );
    for (const tag of tags) {
      const row = byId.get(Number(tag.record_id));
      if (row) row.tags[tag.name] = tag.value;
    }
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
