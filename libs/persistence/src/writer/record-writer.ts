import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnModuleInit,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { databaseConfig } from '../config/database.config';
import { spoolConfig } from '../config/spool.config';
import { DatabaseConnector } from '../database-connector';
import type {
  RequestRecordInput,
  SpooledRecord,
} from '../records/request-record.types';
import type { Spool, SpoolStats } from '../spool/spool';
import { openSpool } from './open-spool';
import { dialectOf } from '../sql/dialect';
import { idAllocationOf, type IdAllocation } from './tag-statements';
import { commitOrSetAside, type CommitOutcome } from './refused-records';

const MAX_RETRY_DELAY_MS = 5_000;
const DROP_LOG_INTERVAL_MS = 10_000;
const SHUTDOWN_FLUSH_TIMEOUT_MS = 15_000;
/** A segment still waiting after this long is sealed, so its file goes once committed. */
const SEGMENT_MAX_AGE_MS = 10_000;
/** How often this process says it is alive and looks for segments dead ones left. */
const OWNER_CHECK_MS = 10_000;

export interface RecordWriterStats {
  /** Records not yet in the database that this process knows of. */
  buffered: number;
  written: number;
  /** Records a replay found already stored and left out. */
  duplicates: number;
  /** Records lost: no room while the database was away, or refused by it (also `refused`). */
  dropped: number;
  /** Records the database refused (a value it cannot store), logged and left out. */
  refused: number;
  failedAttempts: number;
  /** Null when records wait in memory only (SPOOL_DIR=off). */
  spool: SpoolStats | null;
}

/**
 * Writes records many per INSERT in the background. `record()` never waits and never throws:
 * it appends the record to the spool (synchronously, so a crash after the response keeps it)
 * and the batches are read from there; a record the spool cannot take waits in memory.
 * During an outage records wait in the spool up to SPOOL_MAX_BYTES, and in memory (without
 * a spool) up to RECORD_BUFFER_SIZE; what does not fit is counted and logged as dropped.
 */
@Injectable()
export class RecordWriter implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(RecordWriter.name);
  private spool?: Spool;
  /** Records that are not in the spool (none, or it could not take them). */
  private memory: SpooledRecord[] = [];
  private timer?: NodeJS.Timeout;
  private timerDueAt = Infinity;
  private ownerTimer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private retryDelayMs: number;
  private backingOff = false;
  private lastDropLogAt = 0;
  private readonly counters = {
    written: 0,
    duplicates: 0,
    dropped: 0,
    refused: 0,
    failedAttempts: 0,
  };
  private ids?: Promise<IdAllocation>;

  constructor(
    private readonly connector: DatabaseConnector,
    @Inject(databaseConfig.KEY)
    private readonly config: ConfigType<typeof databaseConfig>,
    @Inject(spoolConfig.KEY)
    private readonly spoolSettings: ConfigType<typeof spoolConfig>,
  ) {
    this.retryDelayMs = config.flushIntervalMs;
  }

  onModuleInit(): void {
    this.spool = openSpool(this.spoolSettings, this.logger);
    if (!this.spool) return;
    if (this.spool.hasWaiting) this.schedule(0);
    this.ownerTimer = setInterval(() => this.claimOrphans(), OWNER_CHECK_MS);
    this.ownerTimer.unref();
  }

  record(record: RequestRecordInput): void {
    const entry = { uid: randomUUID(), record };
    const inMemory = this.memory.length + (this.spool?.inMemory ?? 0);
    const room = inMemory < this.config.maxBufferedRows;
    const spooled = this.append(entry, room);
    if (spooled === 'full' || (spooled !== 'spooled' && !room)) {
      this.countDrop(spooled === 'full');
      return;
    }
    if (spooled !== 'spooled') this.memory.push(entry);
    if (this.backingOff) return;
    const waiting = this.memory.length + (this.spool?.waitingRecords ?? 0);
    const full = waiting >= this.config.maxBatchSize;
    this.schedule(full ? 0 : this.config.flushIntervalMs);
  }

  /** The spool's answer; `failed` on anything unforeseen, so that recording never throws. */
  private append(entry: SpooledRecord, keepInMemory: boolean) {
    try {
      return this.spool?.append(entry, keepInMemory);
    } catch {
      return 'failed';
    }
  }

  stats(): RecordWriterStats {
    const spooled = this.spool?.waitingRecords ?? 0;
    return {
      buffered: this.memory.length + spooled,
      ...this.counters,
      spool: this.spool?.stats() ?? null,
    };
  }

  /** Writes everything waiting, retrying until it lands or `timeoutMs` runs out. */
  async flush(timeoutMs = SHUTDOWN_FLUSH_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.waiting() || this.draining) {
      try {
        await this.drain();
      } catch {
        if (Date.now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    if (this.waiting()) {
      const where = this.spool ? ` (kept in ${this.spool.dir})` : '';
      this.logger.error(
        `${this.stats().buffered} records could not be written before shutdown${where}`,
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    clearInterval(this.ownerTimer);
    await this.flush();
    this.spool?.close();
  }

  private waiting(): boolean {
    return this.memory.length > 0 || (this.spool?.hasWaiting ?? false);
  }

  private claimOrphans(): void {
    try {
      if (this.spool && this.spool.claimOrphans() > 0) this.schedule(0);
    } catch (error) {
      this.logger.error(`spool check failed: ${(error as Error).message}`);
    }
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
          `writing records failed (${error.message}); ${this.stats().buffered} waiting`,
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
    const size = this.config.maxBatchSize;
    const ids =
      dialectOf(dataSource) === 'mysql'
        ? await this.idAllocation(dataSource)
        : undefined;
    while (this.memory.length > 0) {
      const batch = this.memory.slice(0, size);
      this.count(batch, await commitOrSetAside(dataSource, batch, ids));
      this.memory.splice(0, batch.length);
    }
    for (let s = this.spool?.next(); s; s = this.spool?.next()) {
      const batch = s.pending.slice(0, size);
      this.count(batch, await commitOrSetAside(dataSource, batch, ids));
      this.spool?.committed(s, batch.length);
    }
    this.spool?.rotate(SEGMENT_MAX_AGE_MS);
  }

  private count(
    batch: SpooledRecord[],
    { fresh, refused }: CommitOutcome,
  ): void {
    this.counters.written += fresh;
    this.counters.duplicates += batch.length - fresh - refused.length;
    this.counters.refused += refused.length;
    this.counters.dropped += refused.length;
    // Each one in full: the log is the only place the record is left.
    for (const { entry, reason } of refused) {
      this.logger.error(
        `the database refused record ${entry.uid} of request ${entry.record.requestId ?? '(no id)'} (${reason}); left out: ${JSON.stringify(entry.record)}`,
      );
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

  private countDrop(spoolFull: boolean): void {
    this.counters.dropped++;
    const now = Date.now();
    if (now - this.lastDropLogAt < DROP_LOG_INTERVAL_MS) return;
    this.lastDropLogAt = now;
    const limit = spoolFull
      ? `spool full (SPOOL_MAX_BYTES ${this.spoolSettings.maxBytes} bytes)`
      : `record buffer full (${this.config.maxBufferedRows} rows)`;
    this.logger.error(
      `${limit}; ${this.counters.dropped} records dropped so far`,
    );
  }
}
