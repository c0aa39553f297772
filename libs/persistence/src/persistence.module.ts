import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, registerAs, type ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { buildDataSourceOptions } from './config/data-source-options';
import { databaseConfig } from './config/database.config';
import { NO_SPOOL, spoolConfig } from './config/spool.config';
import { DatabaseConnector } from './database-connector';
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
export class PersistenceModule {
  /** `writer`: this app records requests, and so also purges them past retention. */
  static forRoot({ writer = false }: { writer?: boolean } = {}): DynamicModule {
    const providers = [
      DatabaseConnector,
      RecordWriter,
      MetricsReader,
      RecordReader,
      TimeseriesReader,
    ];
    const retention = writer ? [RetentionService] : [];
    // Only an app that records requests spools them; the others never touch SPOOL_DIR.
    const spool = writer
      ? ConfigModule.forFeature(spoolConfig)
      : ConfigModule.forFeature(registerAs('spool', () => NO_SPOOL));
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        ConfigModule.forFeature(databaseConfig),
        spool,
        TypeOrmModule.forRootAsync({
          imports: [ConfigModule.forFeature(databaseConfig)],
          inject: [databaseConfig.KEY],
          useFactory: (config: ConfigType<typeof databaseConfig>) => ({
            ...buildDataSourceOptions(config.url),
            manualInitialization: true,
          }),
        }),
      ],
      providers: [...providers, ...retention],
      exports: [...providers, ...retention],
    };
  }
}
