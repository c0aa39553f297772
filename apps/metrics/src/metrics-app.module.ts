import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { PersistenceModule, environmentValidator } from '@app/persistence';
import { metricsConfig } from './config/metrics.config';
import { MetricsEnvironment } from './config/metrics.environment';
import { HealthModule } from './health/health.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [metricsConfig],
      validate: environmentValidator(MetricsEnvironment),
    }),
    PersistenceModule.forRoot(),
    HealthModule,
  ],
})
export class MetricsAppModule {}
