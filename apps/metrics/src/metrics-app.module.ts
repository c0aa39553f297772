import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { PersistenceModule, environmentValidator } from '@app/persistence';
import { CommonModule } from './common/common.module';
import { CompletionRequestsModule } from './completion-requests/completion-requests.module';
import { metricsConfig } from './config/metrics.config';
import { MetricsEnvironment } from './config/metrics.environment';
import { metricsLoggerParams } from './config/logger.config';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { TimeseriesModule } from './timeseries/timeseries.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [metricsConfig],
      validate: environmentValidator(MetricsEnvironment),
    }),
    LoggerModule.forRoot(metricsLoggerParams()),
    PersistenceModule.forRoot(),
    CommonModule,
    HealthModule,
    MetricsModule,
    CompletionRequestsModule,
    TimeseriesModule,
    DashboardModule,
  ],
})
export class MetricsAppModule {}
