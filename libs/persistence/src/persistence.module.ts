import { DynamicModule, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { buildDataSourceOptions } from './config/data-source-options';
import { databaseConfig, type DatabaseConfig } from './config/database.config';
import { DatabaseEnvironment } from './config/database.environment';
import { NO_SPOOL, spoolConfig, type SpoolConfig } from './config/spool.config';
import { DatabaseConnector } from './database-connector';
import { BreakdownReader } from './reader/breakdown-reader';
import { TagNamesReader } from './reader/tag-names-reader';
import { MetricsReader } from './reader/metrics-reader';
import { RecordReader } from './reader/record-reader';
import { TimeseriesReader } from './reader/timeseries-reader';
import { RecordWriter } from './writer/record-writer';
import { RetentionService } from './writer/retention.service';

/**
 * The store shared by the apps. The DataSource is created at boot but connected by
 * DatabaseConnector in the background, so an unreachable database never blocks start-up.
 */
@Module({})
class PersistenceSettingsModule {}

@Module({})
export class PersistenceModule {
  /**
   * `writer`: this app records requests, and so also purges them past retention. `database`:
   * the settings the app read from its environment (the defaults when absent). `spool`: where
   * a recording app spools its records; only such an app has one, the others never touch
   * SPOOL_DIR.
   */
  static forRoot({
    writer = false,
    database = databaseConfig(new DatabaseEnvironment()),
    spool = NO_SPOOL,
  }: {
    writer?: boolean;
    database?: DatabaseConfig;
    spool?: SpoolConfig;
  } = {}): DynamicModule {
    const settings: DynamicModule = {
      module: PersistenceSettingsModule,
      providers: [
        { provide: databaseConfig.KEY, useValue: database },
        { provide: spoolConfig.KEY, useValue: writer ? spool : NO_SPOOL },
      ],
      exports: [databaseConfig.KEY, spoolConfig.KEY],
    };
    const providers = [
      DatabaseConnector,
      RecordWriter,
      MetricsReader,
      BreakdownReader,
      TagNamesReader,
      RecordReader,
      TimeseriesReader,
    ];
    const retention = writer ? [RetentionService] : [];
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        settings,
        TypeOrmModule.forRootAsync({
          imports: [settings],
          inject: [databaseConfig.KEY],
          useFactory: (config: ConfigType<typeof databaseConfig>) => ({
            ...buildDataSourceOptions(config.url),
            manualInitialization: true,
          }),
        }),
      ],
      providers: [...providers, ...retention],
      exports: [...providers, ...retention, settings],
    };
  }
}
