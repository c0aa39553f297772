import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { setTimeout as delay } from 'node:timers/promises';
import { databaseConfig } from '../config/database.config';
import { DatabaseConnector } from '../database-connector';
import { bucketOf, DAY_MS } from '../rollups/rollup-buckets';
import { ROLLUP_TABLES } from '../rollups/rollup-columns';
const PURGE_EVERY_MS = 60 * 60 * 1000;
const FIRST_PURGE_AFTER_MS = 30_000;
const PAUSE_BETWEEN_BATCHES_MS = 20;

/**
 * Deletes records older than RETENTION_DAYS, a bounded batch at a time with pauses between,
 * so that neither database holds a long lock while the gateway keeps writing.
 */
@Injectable()
export class RetentionService
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(RetentionService.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly connector: DatabaseConnector,
    @Inject(databaseConfig.KEY)
    private readonly config: ConfigType<typeof databaseConfig>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.retentionDays) return;
    this.schedule(FIRST_PURGE_AFTER_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /**
   * Deletes every record that arrived before the UTC midnight that starts the day `now` minus
   * the retention falls in, and the rollups of those days; returns how many records. Cutting
   * at midnight keeps the daily rollups and the records they summarise in step.
   */
  async purge(now = new Date()): Promise<number> {
    const cutoff = bucketOf(
      now.getTime() - (this.config.retentionDays ?? 0) * DAY_MS,
      DAY_MS,
    );
    const db = await this.connector.get();
    let deleted = 0;
    while (!this.stopped) {
      const rows = await db.query<{ id: number | string }[]>(
        'SELECT id FROM request_records WHERE timestamp_ms < ? ORDER BY timestamp_ms LIMIT ?',
        [cutoff, this.config.retentionBatchSize],
      );
      if (rows.length === 0) break;
      const ids = rows.map((row) => Number(row.id));
      const list = ids.map(() => '?').join(',');
      await db.query(
        `DELETE FROM request_tags WHERE record_id IN (${list})`,
        ids,
      );
      await db.query(`DELETE FROM request_records WHERE id IN (${list})`, ids);
      deleted += ids.length;
      if (ids.length < this.config.retentionBatchSize) break;
      await delay(PAUSE_BETWEEN_BATCHES_MS);
    }
    // A few thousand rows a day at most: one statement each.
    for (const table of ROLLUP_TABLES) {
      await db.query(`DELETE FROM ${table} WHERE bucket_ms < ?`, [cutoff]);
    }
    return deleted;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.purge()
        .then(
          (deleted) => {
            if (deleted > 0)
              this.logger.log(`deleted ${deleted} records past retention`);
          },
          (error: Error) =>
            this.logger.warn(`retention purge failed: ${error.message}`),
        )
        .finally(() => {
          if (!this.stopped) this.schedule(PURGE_EVERY_MS);
        });
    }, delayMs);
    this.timer.unref();
  }
}
