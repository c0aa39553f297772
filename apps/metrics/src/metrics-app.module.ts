import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import {
  PersistenceModule,
  configProvider,
  databaseConfig,
  loadEnvironment,
  type Environment,
} from '@app/persistence';
import { BreakdownModule } from './breakdown/breakdown.module';
import { ApiKeyNames } from './common/api-key-names/api-key-names';
import { CommonModule } from './common/common.module';
import { CompletionRequestsModule } from './completion-requests/completion-requests.module';
import { dashboardConfig } from './config/dashboard.config';
import { metricsConfig } from './config/metrics.config';
import { MetricsEnvironment } from './config/metrics.environment';
import { metricsLoggerParams } from './config/logger.config';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { TagsModule } from './tags/tags.module';
import { TimeseriesModule } from './timeseries/timeseries.module';

/** The metrics app's settings, read from the environment once and provided to every module. */
@Module({})
class MetricsSettingsModule {
  static forEnvironment(environment: MetricsEnvironment): DynamicModule {
    const providers = [
      configProvider(metricsConfig, environment),
      configProvider(dashboardConfig, environment),
      // Read at boot: a bad names file stops the app, naming the file and the entry.
      {
        provide: ApiKeyNames,
        useValue: ApiKeyNames.fromFile(environment.API_KEY_NAMES),
      },
    ];
    return {
      module: MetricsSettingsModule,
      global: true,
      providers,
      exports: providers.map((provider) => provider.provide),
    };
  }
}

@Module({})
export class MetricsAppModule {
  /** Refuses (throws, naming every bad key) an environment that does not validate. */
  static forEnvironment(environment: Environment): DynamicModule {
    const settings = loadEnvironment(MetricsEnvironment, environment);
    return {
      module: MetricsAppModule,
      imports: [
        MetricsSettingsModule.forEnvironment(settings),
        LoggerModule.forRoot(metricsLoggerParams(settings.LOG_LEVEL)),
        PersistenceModule.forRoot({ database: databaseConfig(settings) }),
        CommonModule,
        HealthModule,
        MetricsModule,
        BreakdownModule,
        TagsModule,
        CompletionRequestsModule,
        TimeseriesModule,
        DashboardModule,
      ],
    };
  }
}
