import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '../database-connector';
import { RequestRecordEntity } from '../entities/request-record.entity';
import type { RecordFilter } from './record-query.types';

export interface PageCursor {
  timestamp: Date;
  id: number;
}

const STREAM_BATCH = 1_000;

/** Per-request records, newest first, paged by a (timestamp, id) keyset. */
@Injectable()
export class RecordReader {
  constructor(private readonly connector: DatabaseConnector) {}

  async page(
    filter: RecordFilter,
    limit: number,
    after?: PageCursor,
  ): Promise<RequestRecordEntity[]> {
    const db = await this.connector.get();
    const query = db
      .getRepository(RequestRecordEntity)
      .createQueryBuilder('r')
      .orderBy('r.timestamp_ms', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(limit);
    if (filter.start)
      query.andWhere('r.timestamp_ms >= :start', {
        start: filter.start.getTime(),
      });
    if (filter.end)
      query.andWhere('r.timestamp_ms < :end', { end: filter.end.getTime() });
    if (filter.model !== undefined)
      query.andWhere('r.model = :model', { model: filter.model });
    if (filter.endpoint !== undefined) {
      query.andWhere('r.endpoint = :endpoint', { endpoint: filter.endpoint });
    }
    if (filter.success !== undefined)
      query.andWhere('r.success = :success', {
        success: filter.success ? 1 : 0,
      });
    if (after) {
      query.andWhere(
        '(r.timestamp_ms < :ts OR (r.timestamp_ms = :ts AND r.id < :id))',
        { ts: after.timestamp.getTime(), id: after.id },
      );
    }
    return query.getMany();
  }

  /** The position of a record, to continue a listing after it; null when it does not exist. */
  async cursorOf(id: number): Promise<PageCursor | null> {
    const db = await this.connector.get();
    const row = await db
      .getRepository(RequestRecordEntity)
      .findOne({ where: { id }, select: { id: true, timestampMs: true } });
    return row ? { timestamp: row.timestampMs, id: row.id } : null;
  }

  /** Every matching record in batches, so a million rows never sit in memory at once. */
  async *stream(
    filter: RecordFilter,
    after?: PageCursor,
  ): AsyncGenerator<RequestRecordEntity[]> {
    let cursor = after;
    for (;;) {
      const batch = await this.page(filter, STREAM_BATCH, cursor);
      if (batch.length > 0) yield batch;
      if (batch.length < STREAM_BATCH) return;
      const last = batch[batch.length - 1];
      cursor = { timestamp: last.timestampMs, id: last.id };
    }
  }
}
