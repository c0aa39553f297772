import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { DataSource } from 'typeorm';
import { databaseConfig } from '../config/database.config';
import { DatabaseConnector } from '../database-connector';
import type { RequestRecordInput } from '../records/request-record.types';
import { rollupUpserts } from '../rollups/rollup-upserts';
import { dialectOf } from '../sql/dialect';
import { runInTransaction } from '../sql/transaction';
import {
  idAllocationOf,
  recordStatements,
  type IdAllocation,
} from './tag-statements';

const MAX_RETRY_DELAY_MS = 5_000;
const DROP_LOG_INTERVAL_MS = 10_000;
const SHUTDOWN_FLUSH_TIMEOUT_MS = 15_000;

export interface RecordWriterStats {
  buffered: number;
  written: number;
  dropped: number;
  failedAttempts: number;
}

/**
 * Buffers records and writes them many per INSERT in the background. `record()` never waits
 * and never throws: while the database is away rows wait in a bounded buffer, and what does
 * not fit is counted and logged as dropped.
 */
@Injectable()
export class RecordWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(RecordWriter.name);
  private buffer: RequestRecordInput[] = [];
  private timer?: NodeJS.Timeout;
  private timerDueAt = Infinity;
  private draining?: Promise<void>;
  private retryDelayMs: number;
  private backingOff = false;
  private lastDropLogAt = 0;
  private readonly counters = { written: 0, dropped: 0, failedAttempts: 0 };
  private ids?: Promise<IdAllocation>;

  constructor(
    private readonly connector: DatabaseConnector,
    @Inject(databaseConfig.KEY)
    private readonly config: ConfigType<typeof databaseConfig>,
  ) {
    this.retryDelayMs = config.flushIntervalMs;
  }

  record(record: RequestRecordInput): void {
    if (this.buffer.length >= this.config.maxBufferedRows) {
      this.countDrop();
      return;
    }
    this.buffer.push(record);
    if (this.backingOff) return;
    const full = this.buffer.length >= this.config.maxBatchSize;
    this.schedule(full ? 0 : this.config.flushIntervalMs);
  }

  stats(): RecordWriterStats {
    return { buffered: this.buffer.length, ...this.counters };
  }

  /** Writes everything buffered, retrying until it lands or `timeoutMs` runs out. */
  async flush(timeoutMs = SHUTDOWN_FLUSH_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length > 0 || this.draining) {
      try {
        await this.drain();
      } catch {
        if (Date.now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    if (this.buffer.length > 0) {
      this.logger.error(
        `${this.buffer.length} records could not be written before shutdown`,
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
  }

  private schedule(delayMs: number): void {
    const dueAt = Date.now() + delayMs;
    if (this.draining || dueAt >= this.timerDueAt) return;
    clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => this.onTimer(), delayMs);
    this.timer.unref();
  }

  private onTimer(): void {
    this.timer = undefined;
    this.timerDueAt = Infinity;
    this.drain().then(
      () => {
        this.backingOff = false;
        this.retryDelayMs = this.config.flushIntervalMs;
      },
      (error: Error) => {
        this.counters.failedAttempts++;
        this.logger.warn(
          `writing records failed (${error.message}); ${this.buffer.length} waiting`,
        );
        this.backingOff = true;
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, MAX_RETRY_DELAY_MS);
        this.schedule(this.retryDelayMs);
      },
    );
  }

  /** One drain at a time; rows recorded meanwhile are picked up by the same loop. */
  private drain(): Promise<void> {
    this.draining ??= this.writeAll().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async writeAll(): Promise<void> {
    const dataSource = await this.connector.get();
    const dialect = dialectOf(dataSource);
    const ids =
      dialect === 'mysql' ? await this.idAllocation(dataSource) : undefined;
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.config.maxBatchSize);
      // The rows and the rollups they add to land together or not at all, so a retried batch
      // is never counted twice.
      await runInTransaction(dataSource, [
        ...recordStatements(batch, dialect, ids),
        ...rollupUpserts(batch, dialect),
      ]);
      this.buffer.splice(0, batch.length);
      this.counters.written += batch.length;
    }
  }

  /** Asked once: whether a batch's ids come consecutive, so its tags can go in one INSERT. */
  private idAllocation(dataSource: DataSource): Promise<IdAllocation> {
    this.ids ??= dataSource
      .query<{ mode: unknown; step: unknown }[]>(
        'SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step',
      )
      .then(([row]) => idAllocationOf(Number(row.mode), Number(row.step)));
    this.ids.catch(() => (this.ids = undefined));
    return this.ids;
  }

  private countDrop(): void {
    this.counters.dropped++;
    const now = Date.now();
    if (now - this.lastDropLogAt >= DROP_LOG_INTERVAL_MS) {
      this.lastDropLogAt = now;
      this.logger.error(
        `record buffer full (${this.config.maxBufferedRows} rows); ${this.counters.dropped} records dropped so far`,
      );
    }
  }
}
