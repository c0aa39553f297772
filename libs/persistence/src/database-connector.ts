import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseConfig } from './config/database.config';
import { redactUrl } from './config/database-url';
import { runMigrations } from './config/run-migrations';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/**
 * Connects the DataSource in the background, so that a database that is down at start-up
 * delays recording and reading, never the apps' boot or the proxy.
 */
@Injectable()
export class DatabaseConnector
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(DatabaseConnector.name);
  private connecting?: Promise<DataSource>;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  private ready = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY)
    private readonly config: ConfigType<typeof databaseConfig>,
  ) {}

  /** Connected and migrated. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Waits for the first attempt so a healthy database is ready before the ports open. */
  async onApplicationBootstrap(): Promise<void> {
    await this.connect(FIRST_RETRY_MS).catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  /** The connected DataSource; rejects while the database cannot be reached. */
  async get(): Promise<DataSource> {
    if (this.ready) return this.dataSource;
    return this.connect(FIRST_RETRY_MS);
  }

  private connect(nextDelayMs: number): Promise<DataSource> {
    this.connecting ??= this.open().then(
      (dataSource) => {
        this.connecting = undefined;
        return dataSource;
      },
      (error: Error) => {
        this.connecting = undefined;
        this.scheduleRetry(nextDelayMs, error);
        throw error;
      },
    );
    return this.connecting;
  }

  private async open(): Promise<DataSource> {
    if (!this.dataSource.isInitialized) await this.dataSource.initialize();
    if (this.config.migrate) {
      const applied = await runMigrations(this.dataSource);
      if (applied.length > 0) {
        this.logger.log(
          `applied migrations: ${applied.map((m) => m.name).join(', ')}`,
        );
      }
    }
    this.logger.log(`connected to ${redactUrl(this.config.url)}`);
    this.ready = true;
    return this.dataSource;
  }

  private scheduleRetry(delayMs: number, error: Error): void {
    if (this.stopped || this.retryTimer) return;
    this.logger.warn(
      `database unavailable (${error.message}); retrying in ${delayMs} ms`,
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect(Math.min(delayMs * 2, MAX_RETRY_MS)).catch(() => undefined);
    }, delayMs);
    this.retryTimer.unref();
  }
}
